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
