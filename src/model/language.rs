//! The language of a text, found from the text itself: pure, shared by the importer and
//! the Markdown reader (a manuscript without `lang`).
//!
//! Two kinds of evidence: the script the letters are written in (Greek, Arabic, Hebrew,
//! Devanagari, Thai, Han, Kana, Hangul say the language outright, or nearly), and for
//! scripts that many languages share (Latin, Cyrillic) the share of each language's
//! commonest short words. A text whose evidence is too weak gets no language, never a
//! default.

/// The commonest short words of each language the detector knows: the data it weighs.
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "that", "is", "was", "in", "it", "with", "for", "not",
            "this", "which", "are",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "est", "que", "une", "dans", "pour", "qui", "pas",
            "du", "au", "sur",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "non", "per", "una", "sono", "della", "gli", "anche", "nel", "più",
            "come", "dei", "alla",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "auch", "ein", "wir",
            "von", "zu", "dem",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "que", "y", "del", "por", "una", "con", "para", "es", "no", "se",
            "lo", "su",
        ],
    ),
    (
        "pt",
        &[
            "os", "não", "uma", "com", "para", "que", "do", "da", "em", "um", "mais", "foi", "dos",
            "ao", "pelo",
        ],
    ),
    (
        "ca",
        &[
            "els", "les", "amb", "per", "que", "una", "dels", "és", "més", "perquè", "aquest", "i",
            "seu", "pel", "hi",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "dat", "niet", "zijn", "op", "voor", "met", "ook",
            "maar", "wij", "aan",
        ],
    ),
    (
        "sv",
        &[
            "och", "är", "inte", "ett", "jag", "till", "för", "också", "eller", "hade", "från",
            "när", "vad", "mycket", "honom",
        ],
    ),
    (
        "da",
        &[
            "af", "hvad", "mig", "efter", "nu", "kun", "sig", "blev", "op", "denne", "meget",
            "hvor", "vores", "være", "ikke",
        ],
    ),
    (
        "no",
        &[
            "av", "hva", "meg", "etter", "nå", "bare", "seg", "ble", "mot", "noen", "hvor", "mye",
            "vår", "være", "ikke",
        ],
    ),
    (
        "is",
        &[
            "og", "að", "það", "er", "sem", "til", "ekki", "við", "um", "en", "hann", "var", "með",
            "af", "þess",
        ],
    ),
    (
        "fi",
        &[
            "ja", "on", "että", "ei", "se", "oli", "kuin", "mutta", "tai", "ovat", "myös", "hän",
            "sen", "niin", "jos",
        ],
    ),
    (
        "et",
        &[
            "ja", "on", "ei", "et", "see", "oli", "kui", "ka", "aga", "mis", "või", "ning", "oma",
            "selle", "nad",
        ],
    ),
    (
        "pl",
        &[
            "się", "nie", "na", "jest", "że", "do", "to", "jak", "ale", "od", "przez", "czy",
            "oraz", "dla", "jego",
        ],
    ),
    (
        "cs",
        &[
            "se", "na", "je", "že", "to", "do", "jako", "ale", "od", "pro", "by", "jsou", "také",
            "nebo", "jeho",
        ],
    ),
    (
        "ro",
        &[
            // No `de`, `la`: every Romance language has them, and with them a Spanish
            // text read as Romanian.
            "și", "în", "care", "nu", "cu", "pe", "este", "să", "din", "mai", "că", "pentru", "ca",
            "fost", "sau",
        ],
    ),
    (
        "hu",
        &[
            "a", "az", "és", "hogy", "nem", "is", "egy", "meg", "de", "volt", "már", "csak",
            "mint", "ez", "van",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "daha", "çok", "gibi", "ama",
            "olan", "kadar", "ne",
        ],
    ),
    (
        "id",
        &[
            "yang", "dan", "di", "itu", "dengan", "untuk", "tidak", "ini", "dari", "dalam", "akan",
            "pada", "juga", "ke", "karena",
        ],
    ),
    (
        "ru",
        &[
            "и",
            "не",
            "что",
            "как",
            "это",
            "он",
            "мы",
            "из",
            "был",
            "его",
            "они",
            "она",
            "но",
            "же",
            "только",
        ],
    ),
    (
        "uk",
        &[
            "і", "що", "та", "це", "як", "він", "його", "від", "й", "їх", "є", "ще", "для", "але",
            "вони",
        ],
    ),
    (
        "bg",
        &[
            "че",
            "се",
            "да",
            "са",
            "като",
            "това",
            "е",
            "които",
            "му",
            "го",
            "си",
            "бе",
            "при",
            "ще",
            "във",
        ],
    ),
];

/// Scripts that name their language (or its most likely one) outright.
const SCRIPTS: &[(char, char, &str)] = &[
    ('\u{0370}', '\u{03FF}', "el"),
    ('\u{0590}', '\u{05FF}', "he"),
    ('\u{0600}', '\u{06FF}', "ar"),
    ('\u{0900}', '\u{097F}', "hi"),
    ('\u{0980}', '\u{09FF}', "bn"),
    ('\u{0E00}', '\u{0E7F}', "th"),
    ('\u{10A0}', '\u{10FF}', "ka"),
    ('\u{0530}', '\u{058F}', "hy"),
    ('\u{3040}', '\u{30FF}', "ja"),
    ('\u{AC00}', '\u{D7AF}', "ko"),
    ('\u{4E00}', '\u{9FFF}', "zh"),
];

/// Guesses the language of a text; returns a BCP 47 primary tag, or `None` when the text
/// is too short or its evidence too weak to tell.
pub fn detect(text: &str) -> Option<&'static str> {
    if let Some(lang) = by_script(text) {
        return Some(lang);
    }
    let mut counts = vec![0usize; STOPWORDS.len()];
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
    let mut ranked: Vec<(usize, usize)> = counts.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (best, n) = ranked[0];
    let second = ranked.get(1).map_or(0, |r| r.1);
    // Enough of the text in the language's words, and clearly more than in the nearest
    // other language's (Danish and Norwegian share most of theirs); and three at least:
    // two short words are in many lists (`a` and `is` made a line of English Hungarian).
    let clear = n * 10 >= second * 13 || n >= second + 20;
    (total >= 8 && n >= 3 && n * 20 >= total && clear).then(|| STOPWORDS[best].0)
}

/// The language a text's own script names, when most of its letters are in it (Han with
/// Kana is Japanese).
fn by_script(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; SCRIPTS.len()];
    let mut letters = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()).take(20_000) {
        letters += 1;
        if let Some(i) = SCRIPTS
            .iter()
            .position(|(lo, hi, _)| (*lo..=*hi).contains(&c))
        {
            counts[i] += 1;
        }
    }
    let kana = counts[SCRIPTS.iter().position(|s| s.2 == "ja")?];
    let (i, &n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    if letters == 0 || n * 3 < letters {
        return None;
    }
    if SCRIPTS[i].2 == "zh" && kana * 10 >= n {
        return Some("ja");
    }
    Some(SCRIPTS[i].2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_common_words_tell_no_language() {
        assert_eq!(
            detect("Text here is prose enough. A h B remote C data D gone"),
            None
        );
    }

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
        // The words every Romance language shares (`de`, `la`) are no Romanian.
        let spanish = "Casi todas las obras sobre el problema de la huelga de masas se deben a \
                       la pluma de los anarquistas, y la revolución de la clase obrera de Rusia \
                       ha cambiado todo esto";
        assert_ne!(detect(spanish), Some("ro"));
    }

    #[test]
    fn languages_of_the_north_and_other_scripts() {
        assert_eq!(
            detect(
                "Það er ekki satt að verkalýðurinn hafi gefist upp og hann var með okkur til þess"
            ),
            Some("is")
        );
        assert_eq!(
            detect("See on selge, et töölised ei ole oma võitlust lõpetanud ja nad ei anna alla ning see oli nii"),
            Some("et")
        );
        assert_eq!(detect("工人阶级的解放应该是工人阶级自己的事情"), Some("zh"));
        assert_eq!(
            detect("労働者階級の解放は労働者自身の仕事である"),
            Some("ja")
        );
        assert_eq!(detect("Η απελευθέρωση της εργατικής τάξης"), Some("el"));
    }

    #[test]
    fn weak_evidence_gives_no_language() {
        // Words of no language the detector knows.
        assert_eq!(
            detect("Lorem ipsum dolor sit amet consectetur adipiscing elit sed"),
            None
        );
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
