//! The language of a text, found from the text itself: pure, shared by the importer and
//! the Markdown reader (a manuscript without `lang`).

/// Guesses the language of a text from its most common short words; returns a BCP 47
/// primary tag, or `None` when the text is too short to tell.
pub fn detect(text: &str) -> Option<&'static str> {
    const STOPWORDS: &[(&str, &[&str])] = &[
        (
            "en",
            &[
                "the", "and", "of", "to", "that", "is", "was", "in", "it", "with", "for", "not",
            ],
        ),
        (
            "fr",
            &[
                "le", "la", "les", "et", "des", "est", "que", "une", "dans", "pour", "qui", "pas",
            ],
        ),
        (
            "it",
            &[
                "il", "di", "che", "non", "per", "una", "sono", "della", "gli", "anche", "nel",
                "più",
            ],
        ),
        (
            "de",
            &[
                "der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "auch", "ein",
                "wir",
            ],
        ),
        (
            "es",
            &[
                "el", "los", "las", "que", "y", "del", "por", "una", "con", "para", "es", "no",
            ],
        ),
        (
            "pt",
            &[
                "os", "não", "uma", "com", "para", "que", "do", "da", "em", "um", "mais", "foi",
            ],
        ),
        (
            "ru",
            &[
                "и", "в", "не", "на", "что", "с", "по", "как", "это", "к", "он", "мы",
            ],
        ),
    ];
    let mut counts = [0usize; 7];
    let mut total = 0;
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(5000)
    {
        total += 1;
        let lower = w.to_lowercase();
        for (i, (_, list)) in STOPWORDS.iter().enumerate() {
            if list.contains(&lower.as_str()) {
                counts[i] += 1;
            }
        }
    }
    let (best, &n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (total >= 8 && n * 20 >= total).then(|| STOPWORDS[best].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_their_common_words() {
        assert_eq!(
            detect("The workers and the state of the revolution is not with us"),
            Some("en")
        );
        assert_eq!(
            detect("Les ouvriers et la révolution: ce n'est pas une question que le parti"),
            Some("fr")
        );
        assert_eq!(
            detect("Мы не знаем, что это и как это было в Москве"),
            Some("ru")
        );
        assert_eq!(detect("Too short"), None);
    }
}

/// Says whether a tag is a well-formed BCP 47 language tag (RFC 5646, section 2.1):
/// language (2–3 letters, or 4–8), then optional extended languages, script, region,
/// variants, extensions and private use; or a private-use tag (`x-…`) alone.
pub fn is_bcp47(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').collect();
    let ok =
        |s: &&str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if tag.len() > 100 || !subtags.iter().all(ok) {
        return false;
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mut it = subtags.iter().copied().peekable();
    let first = it.next().unwrap_or("");
    if first.eq_ignore_ascii_case("x") {
        return it.peek().is_some();
    }
    if !(alpha(first) && (2..=8).contains(&first.len())) {
        return false;
    }
    let mut extlangs = 0;
    while first.len() <= 3 && extlangs < 3 && it.peek().is_some_and(|s| s.len() == 3 && alpha(s)) {
        it.next();
        extlangs += 1;
    }
    if it.peek().is_some_and(|s| s.len() == 4 && alpha(s)) {
        it.next();
    }
    if it
        .peek()
        .is_some_and(|s| (s.len() == 2 && alpha(s)) || (s.len() == 3 && digit(s)))
    {
        it.next();
    }
    while it
        .peek()
        .is_some_and(|s| s.len() >= 5 || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit()))
    {
        it.next();
    }
    while let Some(s) = it.next() {
        if s.len() != 1 {
            return false;
        }
        let private = s.eq_ignore_ascii_case("x");
        let min = if private { 1 } else { 2 };
        let mut n = 0;
        while it
            .peek()
            .is_some_and(|t| t.len() >= min && (private || t.len() > 1))
        {
            it.next();
            n += 1;
        }
        if n == 0 {
            return false;
        }
        if private {
            return it.peek().is_none();
        }
    }
    true
}

#[cfg(test)]
mod tags {
    use super::is_bcp47;

    #[test]
    fn well_formed_tags_pass_and_others_do_not() {
        for good in [
            "en",
            "fr",
            "pt-BR",
            "sr-Latn",
            "zh-Hant-TW",
            "de-CH-1996",
            "es-419",
            "x-klingon",
            "en-US-x-twain",
            "zh-yue",
            "sl-rozaj-biske",
            "en-a-bbb-x-a",
        ] {
            assert!(is_bcp47(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "<evil/>",
            "en_US",
            "en-",
            "-en",
            "en--US",
            "english language",
            "fr\"x",
            "en-abcdefghi",
            "a-b",
            "1234",
            "en-x",
            "en-a",
        ] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }
}
