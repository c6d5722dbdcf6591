//! What single lines are: dates, datelines, names, salutations, chrome, headings; and
//! which language a text is in. Pure functions over one line each.

use crate::model::text::word_count;

/// Month names in the languages we meet, with their numbers.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("marzo", 3),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("agosto", 8),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("enero", 1),
    ("febrero", 2),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
];

/// Seasons, which date a quarterly's issue (`Summer 1992`): a date at the year's
/// precision.
const SEASONS: &[&str] = &[
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "printemps",
    "été",
    "automne",
    "hiver",
    "primavera",
    "verano",
    "otoño",
    "invierno",
    "estate",
    "autunno",
    "inverno",
    "verão",
    "outono",
    "frühling",
    "frühjahr",
    "sommer",
    "herbst",
    "vor",
    "sumar",
    "haust",
    "vetur",
];

/// Words that may stand in a date besides day, month and year.
const DATE_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
    "le",
    "de",
    "del",
    "the",
    "of",
    "den",
    "der",
    "am",
    "г",
    "года",
    "st",
    "nd",
    "rd",
    "th",
    "er",
    "1er",
];

/// A date found in a line: its ISO form, as far as the line gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Date {
    pub(crate) iso: String,
}

/// Reads a line that is only a date (`Saturday, October 27, 2018`, `27 octobre 2018`,
/// `2018-10-27`, `(July 1897)`, `1936`).
pub(crate) fn date(line: &str) -> Option<Date> {
    let line = line
        .trim()
        .trim_matches(['(', ')', '[', ']', '.', '（', '）', '【', '】', '。'])
        .trim();
    if line.is_empty() || line.chars().count() > 60 {
        return None;
    }
    if let Some(iso) = iso_date(line).or_else(|| east_asian_date(line)) {
        return Some(Date { iso });
    }
    let mut year: Option<u32> = None;
    let mut month = None;
    let mut day: Option<u8> = None;
    let mut season = false;
    for token in line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let lower = token.to_lowercase();
        let digits = lower.trim_end_matches(|c: char| c.is_alphabetic());
        // A range keeps its first part (`April-May 1952`, `March 6-8, 1918`,
        // `1900/1901`, `Winter 1963/64`): the date it starts on.
        if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == lower) {
            if month.is_some() && year.is_some() {
                return None;
            }
            month.get_or_insert(m);
        } else if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let suffix = &lower[digits.len()..];
            if !suffix.is_empty() && !DATE_WORDS.contains(&suffix) {
                return None;
            }
            let n: u32 = digits.parse().ok()?;
            if digits.len() == 4 && (1000..=2999).contains(&n) {
                if year.is_some_and(|y| n <= y || n > y + 200) {
                    return None;
                }
                year.get_or_insert(n);
            } else if year.is_some() && digits.len() == 2 && month.is_none() && day.is_none() {
                // `1963/64`: the second year of a season's issue.
            } else if (1..=31).contains(&n) {
                if day.is_some_and(|d| n <= u32::from(d)) || year.is_some() && day.is_some() {
                    return None;
                }
                day.get_or_insert(n as u8);
            } else {
                return None;
            }
        } else if SEASONS.contains(&lower.as_str()) {
            if season || month.is_some() {
                return None;
            }
            season = true;
        } else if !DATE_WORDS.contains(&lower.as_str()) {
            return None;
        }
    }
    let year = year?;
    if season && day.is_some() {
        return None;
    }
    Some(Date {
        iso: match (month, day) {
            (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year:04}-{m:02}"),
            (None, None) => format!("{year:04}"),
            (None, Some(_)) => return None,
        },
    })
}

/// Finds the first date a line gives at the month's precision or better, as written
/// (`From Socialist Worker, No. 106, 25 January 1969, p. 1.` → `25 January 1969`;
/// `Socialist Standard, Summer 1992.` → `Summer 1992`). A bare year is too weak to take
/// from running words: a volume's year is no date of the text.
pub(crate) fn find_date(line: &str) -> Option<String> {
    let parts: Vec<&str> = line.split([',', ';', '(', ')', '[', ']']).collect();
    for i in 0..parts.len() {
        // The longest run of parts from here that reads as a date (`October 1, 1936`).
        for j in (i + 1..=(i + 3).min(parts.len())).rev() {
            let cand = parts[i..j].join(",");
            let cand = cand.trim().trim_end_matches(['.', ':', ',']).trim();
            let Some(d) = date(cand) else { continue };
            let seasonal = cand
                .split(|c: char| !c.is_alphabetic())
                .any(|w| SEASONS.contains(&w.to_lowercase().as_str()));
            if d.iso.len() > 4 || seasonal {
                return Some(cand.to_string());
            }
        }
    }
    month_in_words(line)
}

/// Finds a month and its year among running words (`… Adopted by the November 1949
/// Meeting of …`), with the day before it if there is one.
fn month_in_words(line: &str) -> Option<String> {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    (1..words.len()).find_map(|k| {
        let month = MONTHS
            .iter()
            .any(|(name, _)| *name == words[k - 1].to_lowercase());
        let year = words[k].len() == 4
            && words[k].bytes().all(|b| b.is_ascii_digit())
            && (1500..2100).contains(&words[k].parse::<u32>().unwrap_or(0));
        if !month || !year {
            return None;
        }
        let day = |w: &str| w.starts_with(|c: char| c.is_ascii_digit()) && w.len() <= 4;
        let start = if k >= 2 && day(words[k - 2]) && date(&words[k - 2..=k].join(" ")).is_some() {
            k - 2
        } else {
            k - 1
        };
        let cand = words[start..=k].join(" ");
        date(&cand).filter(|d| d.iso.len() > 4).map(|_| cand)
    })
}

/// Reads the one year a citation gives as a part of its own (`The Communist
/// International, Nos. 16–17, 1921, pp. 58–67`, `Essays (1907)`); none where it gives
/// two years or none.
pub(crate) fn lone_year(line: &str) -> Option<String> {
    let mut years: Vec<&str> = line
        .split([',', ';', '(', ')', '[', ']'])
        .map(|p| p.trim().trim_end_matches('.'))
        .filter(|p| {
            p.len() == 4
                && p.bytes().all(|b| b.is_ascii_digit())
                && (1500..2100).contains(&p.parse::<u32>().unwrap_or(0))
        })
        .collect();
    years.dedup();
    (years.len() == 1).then(|| years[0].to_string())
}

/// The characters of a Chinese, Japanese or Korean date: year, month, day.
const EAST_ASIAN_DATE_UNITS: &[[char; 3]] = &[['年', '月', '日'], ['년', '월', '일']];

/// Chinese numerals, each with its value; `十` is ten, read apart.
const CHINESE_DIGITS: &[(char, u32)] = &[
    ('〇', 0),
    ('零', 0),
    ('一', 1),
    ('二', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
];

/// Reads a number written in Arabic digits or Chinese numerals: a year digit by digit
/// (`一九五七`), a month or day with `十` for ten (`二十七`, `十二`).
fn east_asian_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| {
        CHINESE_DIGITS
            .iter()
            .find(|(d, _)| *d == c)
            .map(|(_, v)| *v)
    };
    match s.split_once('十') {
        Some((tens, units)) => {
            // One digit of tens at most (`二十七`; `十二` has none).
            let mut tens_digits = tens.chars();
            let tens = match (tens_digits.next(), tens_digits.next()) {
                (None, _) => 1,
                (Some(c), None) => digit(c).filter(|&t| t > 0)?,
                _ => return None,
            };
            let units = if units.is_empty() {
                0
            } else {
                east_asian_number(units)?
            };
            (units < 10).then_some(tens * 10 + units)
        }
        None if !s.is_empty() => s
            .chars()
            .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(digit(c)?)),
        None => None,
    }
}

/// Reads a date as Chinese, Japanese and Korean write it: `1957年2月27日`,
/// `一九五七年二月二十七日`, `1957년 2월 27일`, or its year and month alone.
fn east_asian_date(line: &str) -> Option<String> {
    let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    EAST_ASIAN_DATE_UNITS.iter().find_map(|[y, m, d]| {
        let (year, rest) = line.split_once(*y)?;
        let year = east_asian_number(year).filter(|y| (1000..=2999).contains(y))?;
        if rest.is_empty() {
            return Some(format!("{year:04}"));
        }
        let (month, rest) = rest.split_once(*m)?;
        let month = east_asian_number(month).filter(|m| (1..=12).contains(m))?;
        if rest.is_empty() {
            return Some(format!("{year:04}-{month:02}"));
        }
        let day = rest.strip_suffix(*d).and_then(east_asian_number);
        let day = day.filter(|d| (1..=31).contains(d))?;
        Some(format!("{year:04}-{month:02}-{day:02}"))
    })
}

fn iso_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    ok.then(|| s.to_string())
}

/// Reads a letter's dateline: a date, or a place then a date (`Paris, 31 October 1938`,
/// `Paris, le 3 mai 1937`, `Coyoacán, D.F., June 1, 1938`).
pub(crate) fn dateline(line: &str) -> bool {
    if word_count(line) > 10 {
        return false;
    }
    if date(line).is_some_and(|d| d.iso.len() > 4) {
        return true;
    }
    // A place of at most four capitalized words before the first comma, then a date.
    let mut parts = line.splitn(2, ',');
    let (Some(place), Some(rest)) = (parts.next(), parts.next()) else {
        return false;
    };
    let place_ok = !place.is_empty()
        && word_count(place) <= 4
        && place
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !place_ok {
        return false;
    }
    // The date may follow a second place part (`D.F.,`); a dispatch's dateline may give
    // no year (`Moscow, November 14`).
    let rest = rest.trim();
    let dated = |r: &str| date(r).is_some_and(|d| d.iso.len() > 4) || day_month(r);
    dated(rest) || rest.split_once(',').is_some_and(|(_, r)| dated(r))
}

/// Reads a day and a month without a year (`November 14`, `14 novembre`).
pub(crate) fn day_month(line: &str) -> bool {
    let mut month = false;
    let mut day = false;
    for token in line
        .trim()
        .trim_end_matches('.')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let lower = token.to_lowercase();
        let digits = lower.trim_end_matches(|c: char| c.is_alphabetic());
        if MONTHS.iter().any(|(name, _)| *name == lower) && !month {
            month = true;
        } else if !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && digits.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n))
            && !day
        {
            day = true;
        } else if !DATE_WORDS.contains(&lower.as_str()) {
            return false;
        }
    }
    month && day
}

/// Says whether a word is a Roman numeral (`IV`, `XLII.`), as sections are numbered.
pub(crate) fn roman(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    !w.is_empty() && w.chars().all(|c| "IVXLC".contains(c))
}

/// Says whether a word numbers a section: a Roman numeral or digits (`II.`, `3.`).
pub(crate) fn section_number(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    roman(w) || (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
}

/// Says whether a short line is the title of a section of the text (`Scientists
/// Aroused`, `II.`, `Postscript`): a few words, capitalized, no sentence's end.
pub(crate) fn section_title(line: &str) -> bool {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 || t.chars().count() > 90 {
        return false;
    }
    // A numbered section: `I.`, `II.`, `IV`, `3.`, `Part II`, `Chapter 3`.
    if words.len() == 1 && section_number(words[0]) {
        return true;
    }
    if ends_in(t, &['.', ',', ';', ':', '!', '?', '”', '"', '’', ')']) {
        return false;
    }
    t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && date(t).is_none()
        && !salutation(t)
}

/// Words that title a part of a text wherever they stand.
pub(crate) fn part_word(line: &str) -> bool {
    const PARTS: &[&str] = &[
        "introduction",
        "preface",
        "foreword",
        "postscript",
        "afterword",
        "appendix",
        "epilogue",
        "prologue",
        "conclusion",
        "p.s.",
        "introduzione",
        "prefazione",
        "poscritto",
        "appendice",
        "einleitung",
        "vorwort",
        "nachwort",
        "anhang",
        "préface",
        "postface",
        "annexe",
        "preamble",
        "préambule",
        "preambolo",
        "präambel",
        "preámbulo",
        "addendum",
        "summary",
        "abstract",
    ];
    let l = line.trim().trim_end_matches(':').to_lowercase();
    PARTS.contains(&l.as_str())
        || PARTS
            .iter()
            .any(|p| l.starts_with(&format!("{p}:")) && word_count(&l) <= 10)
}

/// Particles that stand lower-case inside names.
const PARTICLES: &[&str] = &[
    "de", "du", "des", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "y",
    "ibn", "bin", "al",
];

/// Says whether a line could be a person's name in a script that has no capitals to
/// tell one by (Han, kana, Arabic, Hebrew, Devanagari, Thai…): two to four Han or kana
/// characters (`毛泽东`), a kana name with its dot (`カール・マルクス`), or two or three
/// words (`كارل ماركس`), with no digit and no stop. Weak evidence: a short title reads
/// the same, so a reading built on it is flagged as a guess.
pub(crate) fn caseless_name(line: &str) -> bool {
    use unicode_script::{Script, UnicodeScript};
    let t = line.trim();
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let caseless = !letters.is_empty()
        && letters
            .iter()
            .all(|c| !c.is_uppercase() && !c.is_lowercase());
    let plain = t.chars().all(|c| {
        c.is_alphabetic() || c.is_whitespace() || "·・‧\u{200c}\u{200d}".contains(c) || is_mark(c)
    });
    if !caseless || !plain {
        return false;
    }
    // The kana's length mark (`ー`) is of no script of its own.
    let east_asian = |c: &char| {
        matches!(
            c.script(),
            Script::Han | Script::Hiragana | Script::Katakana
        )
    };
    let ideographic = letters.iter().any(east_asian)
        && letters
            .iter()
            .all(|c| east_asian(c) || c.script() == Script::Common);
    if ideographic {
        let dotted = t.contains(['·', '・', '‧']);
        let n = letters.len();
        return (2..=4).contains(&n) || dotted && n <= 12;
    }
    let words = t.split_whitespace().count();
    (2..=3).contains(&words) && t.split_whitespace().all(|w| w.chars().count() >= 2)
}

/// Says whether a character is a combining mark (Arabic vowel signs, Devanagari
/// matras, Thai vowels above and below), which a word in those scripts holds.
fn is_mark(c: char) -> bool {
    use unicode_script::UnicodeScript;
    !c.is_alphanumeric() && c.script() != unicode_script::Script::Common && !c.is_whitespace()
}

/// Says whether a line looks like a person's name (`Victor Serge`, `L. Trotsky`,
/// `Christian Rakovsky`, `Виктор Серж`): one to five capitalized words or initials.
pub(crate) fn name(line: &str) -> bool {
    let line = line.trim().trim_end_matches(',');
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 5
        || line.chars().count() > 48
        || names_a_part(line)
        || part_word(line)
    {
        return false;
    }
    // A section's number (`I`, `XIV.`) or a lone letter names nobody.
    let bare = words[0].trim_end_matches('.');
    if words.len() == 1 && (bare.chars().count() == 1 || roman(bare)) {
        return false;
    }
    let mut capitals = 0;
    for w in &words {
        let first = w.chars().next().unwrap_or(' ');
        if PARTICLES.contains(w) {
            continue;
        }
        if !first.is_uppercase() || w.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '\'' || c == '’')
        {
            return false;
        }
        capitals += 1;
    }
    capitals > 0
        && !words
            .iter()
            .any(|w| STOP_TITLE.contains(&w.to_lowercase().as_str()))
}

/// Words that make a capitalized line a title or a phrase, not a name.
const STOP_TITLE: &[&str] = &[
    "the", "of", "and", "on", "to", "in", "for", "a", "an", "letter", "letters", "notes",
    "comrades", "dear", "yours", "speech", "reply", "part", "chapter", "by", "at", "with",
];

/// Says whether a line reads as a letter's greeting (`Dear Leon Davidovich`,
/// `DEAR COMRADES,`, `Cher camarade,`, `Дорогой товарищ!`).
pub(crate) fn salutation(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if word_count(&lower) > 8 || lower.ends_with('.') {
        return false;
    }
    const OPENERS: &[&str] = &[
        "dear ",
        "my dear ",
        "dearest ",
        "cher ",
        "chère ",
        "chers ",
        "chères ",
        "mon cher ",
        "ma chère ",
        "caro ",
        "cara ",
        "cari ",
        "care ",
        "querido ",
        "querida ",
        "estimado ",
        "lieber ",
        "liebe ",
        "werter ",
        "werte ",
        "дорогой ",
        "дорогая ",
        "дорогие ",
        "уважаемый ",
        "уважаемые ",
        "товарищи",
        "comrades",
        "friends",
        "citoyens",
        "compagni",
        "camarades",
        "genossen",
        "sir,",
        "madam,",
        "gentlemen",
    ];
    OPENERS.iter().any(|o| lower.starts_with(o))
}

/// Says whether a line is a stock closing formula (`Yours fraternally,`,
/// `With comradely greetings`, `Je t’embrasse fraternellement`).
pub(crate) fn closing(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if word_count(&lower) > 16 {
        return false;
    }
    const FORMULAE: &[&str] = &[
        "yours",
        "your ",
        "with ",
        "best ",
        "warm",
        "fraternal",
        "comradely",
        "sincerely",
        "respectfully",
        "cordially",
        "greetings",
        "regards",
        "salut",
        "je t",
        "je vous",
        "bien ",
        "amitiés",
        "fraternellement",
        "cordialement",
        "saluti",
        "un abbraccio",
        "mit ",
        "herzlich",
        "твой",
        "ваш",
        "с ",
        "жму",
        "i strongly",
        "i shake",
        "i embrace",
        "i remain",
        "long live",
        "all the best",
        "in solidarity",
        "solidarity",
    ];
    FORMULAE.iter().any(|f| lower.starts_with(f)) || lower.ends_with(',')
}

/// Headings that say a list of notes follows and no more (`Notes`, `Примечания`).
const NOTES_HEADINGS: &[&str] = &[
    "notes",
    "note",
    "footnotes",
    "footnote",
    "endnotes",
    "endnote",
    "references",
    "примечания",
    "примечание",
    "сноски",
    "anmerkungen",
    "fußnoten",
    "notas",
    "remarks",
    "notes and references",
    "athugasemdir",
    "neðanmálsgreinar",
    "märkused",
    "viited",
    "huomautukset",
    "anmerkung",
    "noter",
    "noten",
    "przypisy",
    "poznámky",
    "jegyzetek",
    "σημειώσεις",
    "примітки",
    "notlar",
    "notă",
    "note de subsol",
    "napomene",
    "бележки",
    "напомене",
    "הערות",
    "הערות שוליים",
    "هوامش",
    "الهوامش",
    "ملاحظات",
    "حواشی",
    "پانویس",
    "टिप्पणियाँ",
    "टिप्पणी",
    "注释",
    "注釋",
    "註釋",
    "注",
    "註",
    "脚注",
    "각주",
    "주석",
    "เชิงอรรถ",
    "chú thích",
    "ghi chú",
];

/// Headings of notes that say whose they are (`Translator’s notes`, `Note by MIA`,
/// `訳注`): the editions keep the words, as each note's lead-in.
const HANDS_NOTES_HEADINGS: &[&str] = &[
    "translator's notes",
    "translator's note",
    "translators' notes",
    "translator notes",
    "editor's notes",
    "editor's note",
    "editors' notes",
    "editorial notes",
    "author's notes",
    "author's note",
    "mia notes",
    "mia note",
    "notes by mia",
    "note by mia",
    "notes from mia",
    "note from mia",
    "note del traduttore",
    "note del curatore",
    "note dell'autore",
    "notas del traductor",
    "notes du traducteur",
    "notes de l'éditeur",
    "notes de l'auteur",
    "notas del editor",
    "notas do tradutor",
    "transcriber's notes",
    "transcriber's note",
    "transcribers' notes",
    "translator's remarks",
    "translator's remark",
    "editor's remarks",
    "原注",
    "訳注",
];

/// Says whether a line heads a list of notes (`Notes`, `Footnotes`, `Translator’s Notes`,
/// `Note by MIA`, `FOOTNOTES (by Tim Davenport):`, `Примечания`) — and not a title that
/// opens with the word (`Notes of the Month`).
pub(crate) fn notes_heading(line: &str) -> bool {
    notes_heading_names_hand(line).is_some()
}

/// The words of a notes heading that say whose the notes are — the heading as given,
/// without its closing colon (`Transcriber’s Note`, `Footnote by MIA`, `FOOTNOTES (by Tim
/// Davenport)`) — or `None` where it names nobody (`Notes`) or heads no notes.
pub(crate) fn notes_hand(line: &str) -> Option<String> {
    notes_heading_names_hand(line)?.then(|| {
        line.trim()
            .trim_start_matches('*')
            .trim_end_matches([':', '：'])
            .trim()
            .to_string()
    })
}

/// `Some(names_a_hand)` for a notes heading, `None` for any other line.
fn notes_heading_names_hand(line: &str) -> Option<bool> {
    let mut l = line
        .trim()
        .trim_start_matches('*')
        .trim_end_matches([':', '：'])
        .trim()
        .to_lowercase()
        .replace(['’', '‘', '`'], "'");
    let mut named = false;
    // A trailing parenthesis says whose notes they are: `(by Tim Davenport)`.
    if l.ends_with(')') {
        if let Some(open) = l.rfind('(') {
            l.truncate(open);
            named = true;
        }
    }
    let mut l = l.trim().trim_end_matches(':').trim().to_string();
    // So does a trailing `by …`: `Notes by the translator`, `Note by MIA`.
    if let Some(i) = l.find(" by ") {
        if word_count(&l[i + 4..]) <= 4 {
            l.truncate(i);
            named = true;
        }
    }
    if HANDS_NOTES_HEADINGS.contains(&l.as_str()) {
        return Some(true);
    }
    if NOTES_HEADINGS.contains(&l.as_str()) {
        return Some(named);
    }
    // Notes of several hands under one heading (`Editors/Translator’s notes`, `Author’s
    // and editor’s notes`): the last hand names the heading, the others are a word or two.
    let joined = ["/", " and ", " & "]
        .iter()
        .filter_map(|sep| l.rsplit_once(sep))
        .find(|(hands, _)| !hands.is_empty() && word_count(hands) <= 2);
    joined
        .is_some_and(|(_, last)| last.contains(' ') && HANDS_NOTES_HEADINGS.contains(&last.trim()))
        .then_some(true)
}

/// The stops of other scripts, each with the Latin mark it stands for, so that the rules
/// written with `.`, `,` or `:` read Chinese, Japanese, Arabic, Persian, Hindi or
/// Amharic lines as they read English ones.
const STOPS: &[(char, char)] = &[
    ('。', '.'),
    ('．', '.'),
    ('！', '!'),
    ('？', '?'),
    ('，', ','),
    ('、', ','),
    ('；', ';'),
    ('：', ':'),
    ('）', ')'),
    ('」', '”'),
    ('』', '”'),
    ('؟', '?'),
    ('،', ','),
    ('؛', ';'),
    ('۔', '.'),
    ('।', '.'),
    ('॥', '.'),
    ('።', '.'),
    ('፣', ','),
];

/// Says whether a text ends in one of these marks, or in another script's stop that
/// stands for one of them (`。` for `.`).
pub(crate) fn ends_in(text: &str, marks: &[char]) -> bool {
    text.chars().last().is_some_and(|c| {
        let latin = STOPS.iter().find(|(s, _)| *s == c).map_or(c, |(_, l)| *l);
        marks.contains(&latin)
    })
}

/// Says whether a line is a section break drawn with marks (`* * *`, `***`, `⁂`,
/// `• • •`, `~`).
pub(crate) fn break_mark(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars().count() <= 16
        && t.chars().all(|c| c == ' ' || "*⁂•·~✻✦◆◇❖§#".contains(c))
}

/// Words that name a part of a work at the head of its page (`Chapter I`, `PART FOUR`,
/// `Kapitel 3`, `Capítulo II`).
pub(crate) const PART_NAMES: &[&str] = &[
    "chapter",
    "part",
    // A treaty's or a constitution's parts.
    "article",
    "artikel",
    "artículo",
    "articolo",
    "статья",
    "book",
    "section",
    "kapitel",
    "teil",
    "chapitre",
    "partie",
    "livre",
    "capítulo",
    "capitulo",
    "parte",
    "libro",
    "capitolo",
    "глава",
    "часть",
    "hoofdstuk",
    "deel",
    "rozdział",
    "część",
    "kafli",
    "hluti",
    "peatükk",
    "osa",
    "luku",
];

/// Headings of a list of contents (`Contents`, `Table of Contents`, `Inhalt`).
pub(crate) const CONTENTS_HEADINGS: &[&str] = &[
    "contents",
    "table of contents",
    "inhalt",
    "inhaltsverzeichnis",
    "índice",
    "indice",
    "sommaire",
    "table des matières",
    "содержание",
    "оглавление",
    "efnisyfirlit",
    "spis treści",
    "inhoud",
    "sisukord",
    "sisällys",
    "sumário",
    "sommario",
];

/// Whether a line heads a list of contents.
pub(crate) fn contents_heading(line: &str) -> bool {
    let t = line.trim().trim_end_matches(':').to_lowercase();
    CONTENTS_HEADINGS.contains(&t.as_str())
}

/// Whether a line opens with a word that names a part of a work (`Chapter 4 …`).
pub(crate) fn names_a_part(line: &str) -> bool {
    line.split_whitespace()
        .next()
        .is_some_and(|w| PART_NAMES.contains(&w.to_lowercase().as_str()))
}

/// Project Gutenberg's markers around the text (upper case, after the leading `***`):
/// `*** START OF THE PROJECT GUTENBERG EBOOK CAPITAL ***`, and the older forms.
pub(crate) const GUTENBERG_START: &[&str] = &[
    "START OF THE PROJECT GUTENBERG EBOOK",
    "START OF THIS PROJECT GUTENBERG EBOOK",
    "START OF PROJECT GUTENBERG",
];
pub(crate) const GUTENBERG_END: &[&str] = &[
    "END OF THE PROJECT GUTENBERG EBOOK",
    "END OF THIS PROJECT GUTENBERG EBOOK",
    "END OF PROJECT GUTENBERG",
];

/// The catalogue's fields in Project Gutenberg's header, lower case, without the colon.
pub(crate) const GUTENBERG_FIELDS: &[(&str, super::gutenberg::Field)] = {
    use super::gutenberg::Field::*;
    &[
        ("title", Title),
        ("author", Author),
        ("authors", Author),
        ("translator", Translator),
        ("translators", Translator),
        ("editor", Editor),
        ("editors", Editor),
        ("illustrator", Named("Illustrator")),
        ("illustrators", Named("Illustrators")),
        ("release date", Release),
        ("posting date", Release),
        ("original publication", OriginalPublication),
        ("credits", Credits),
        ("produced by", Credits),
        ("most recently updated", Catalogue),
        ("last updated", Catalogue),
        ("language", Catalogue),
        ("character set encoding", Catalogue),
        ("contributor", Named("Contributor")),
    ]
};

/// The marks that begin an item of a bulleted list in a text copy (`- `, `• `).
pub(crate) const BULLETS: &[char] = &['-', '•', '◦', '▪', '‣', '●', '○', '■', '*', '+'];

/// Says whether a line is a rule drawn with characters (`-----`, `_____`, `=====`, a
/// table's `+------+` border): the archive's pages draw them around the header and above
/// the notes.
pub(crate) fn rule(line: &str) -> bool {
    let t = line.trim();
    let drawn = |c: char| matches!(c, '-' | '_' | '=' | '—' | '–' | '━' | '─');
    let inner = t.trim_matches('+');
    t.chars().count() >= 5
        && !inner.is_empty()
        && inner.chars().all(|c| drawn(c) || c == '+')
        && inner.chars().filter(|c| drawn(*c)).count() >= 4
}

/// Says whether a line is the name of an archive or an index of the site, alone or in a
/// row of links (`John Reed Internet Archive`, `[ Archivio Trotsky ]`, `Montefiore
/// Archive | Lenin Archive`, `Marxists’ Writers’ Index | Trotskyist Writers’ Index`).
fn archive_links(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    // A stop belongs to an initial (`James P. Cannon Internet Archive`), not a sentence.
    let initials = t
        .split_whitespace()
        .filter(|w| w.contains('.'))
        .all(|w| w.split('.').all(|c| c.chars().count() <= 1));
    if t.is_empty() || t.contains([':', ',', ';', '!', '?']) || !initials {
        return false;
    }
    t.split('|').all(|part| {
        let words: Vec<&str> = part.split_whitespace().collect();
        let small = [
            "of", "the", "and", "&", "di", "de", "del", "della", "du", "des",
        ];
        let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
        let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
        let named = [
            "archive", "archives", "archivio", "archivo", "arquivo", "archiv", "index",
        ];
        !words.is_empty()
            && words.len() <= 8
            && (named.contains(&last.as_str()) || named.contains(&first.as_str()))
            && words.iter().all(|w| {
                small.contains(&w.to_lowercase().as_str())
                    || w.starts_with(|c: char| c.is_uppercase())
            })
    })
}

/// Sections of a site that head its pages' title bars as a writer would
/// (`Marxist History: Cuba: …`): the site speaking, never an author.
const SITE_SECTIONS: &[&str] = &[
    "marxist history",
    "marxists internet archive",
    "marxists.org",
    "mia",
    "encyclopedia of marxism",
    "encyclopedia of trotskyism on-line",
    "marxist writers",
    "trotskyist writers",
];

/// Says whether a line is a periodical's rubric, the kind of piece a title stands under
/// (`Book Review`, `Obituary`, `From Our Correspondent`) rather than a title.
pub(crate) fn rubric(line: &str) -> bool {
    const RUBRICS: &[&str] = &[
        "book review",
        "book reviews",
        "review",
        "reviews",
        "a review",
        "books",
        "obituary",
        "in memoriam",
        "editorial",
        "editorials",
        "interview",
        "an interview",
        "correspondence",
        "from our correspondent",
        "notices",
        "letter to the editor",
        "letters to the editor",
        "comment",
        "commentary",
        "recensione",
        "compte rendu",
        "nécrologie",
        "rezension",
        "nachruf",
        "reseña",
        "рецензия",
        "некролог",
    ];
    let l = line
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    RUBRICS.contains(&l.as_str())
}

/// Says whether a name is a section of the site (`Marxist History`).
pub(crate) fn site_section(name: &str) -> bool {
    SITE_SECTIONS.contains(&name.trim().to_lowercase().as_str())
}

/// First words of a link to another part of the site or the work.
const NAV_FIRST: &[&str] = &[
    "next",
    "previous",
    "prev",
    "last",
    "back",
    "return",
    "contents",
    "index",
    "top",
    "home",
    "up",
    "forward",
    "read",
    "go",
    "table",
    "main",
    "chapter",
    "part",
    "section",
    "continued",
    "continue",
];

/// Last words of a link to an index or an archive.
const NAV_LAST: &[&str] = &[
    "archive", "archives", "archivio", "archivo", "arquivo", "archiv", "index", "contents", "page",
    "mia", "writers", "section", "chapter", "part", "home", "top",
];

/// Says whether a part of a row of links names a place of the site or of the work
/// (`Next Chapter`, `Table of Contents`, `Kautsky Internet Archive`, `Chapter 5`).
pub(crate) fn nav_part(part: &str) -> bool {
    let p = part
        .trim()
        .trim_matches(['<', '>', '«', '»', '[', ']', '(', ')', '-', '–', ':', ' '])
        .to_lowercase()
        .replace('’', "'");
    let words: Vec<&str> = p.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let last = last.trim_end_matches(['\'', '.']);
    words.len() <= 8 && (NAV_FIRST.contains(first) || NAV_LAST.contains(&last))
}

/// Says whether a line is a row of site links: parts between `|` all naming places of
/// the site, or short link texts beside at least one such (`Next section | Top of page`,
/// `<< Last Chapter | Next Chapter >>`, `Greek Civil War | Marxists Internet Archive`);
/// a `Next: …` link; a row of the site's buttons (`[Marx button] [Lenin button]`).
fn nav_row(t: &str) -> bool {
    let lower = t.to_lowercase();
    if word_count(t) > 20 {
        return false;
    }
    let tight: String = lower.split_whitespace().collect();
    if ["next:", "previous:", "<<", "«", ">>"]
        .iter()
        .any(|p| tight.starts_with(p))
        || tight.ends_with(">>")
    {
        return true;
    }
    // One link that says where it goes on both ends: `Chapter 3 Index`, `Next Chapter`,
    // `Table of Contents`, `Back to Index` (not `Table of Contents:` over an in-page list).
    let words: Vec<&str> = lower.split_whitespace().collect();
    if (2..=4).contains(&words.len())
        && !t.ends_with(':')
        && NAV_FIRST.contains(&words[0])
        && NAV_LAST.contains(&words[words.len() - 1].trim_end_matches('.'))
    {
        return true;
    }
    let buttons: Vec<&str> = t.split(']').filter(|b| !b.trim().is_empty()).collect();
    if !buttons.is_empty()
        && buttons.iter().all(|b| {
            let b = b.trim().trim_start_matches('[').trim().to_lowercase();
            b.ends_with("button") || b.ends_with("icon")
        })
    {
        return true;
    }
    let parts: Vec<&str> = t
        .split(['|', '¦'])
        .filter(|p| !p.trim().is_empty())
        .collect();
    if parts.len() < 2 || !t.contains(['|', '¦']) {
        return false;
    }
    let navs = parts.iter().filter(|p| nav_part(p)).count();
    let links = parts.iter().all(|p| {
        nav_part(p)
            || (word_count(p) <= 8
                && !ends_in(p.trim(), &['.', ',', ';'])
                && p.trim_start()
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
    });
    navs >= 1 && links
}

/// Says whether a line announces the link under it (`Next Chapter:`, `Previous:`,
/// `Next section:`).
pub(crate) fn nav_label(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let Some(label) = lower.strip_suffix(':') else {
        return false;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && ["next", "previous", "prev", "following", "forward"].contains(&words[0])
}

/// Says whether a short line reads as a link to another part of the site or the work,
/// where it stands beside the page's foot: `Chapter 10 The Long Hill`, `Table of
/// Contents`, `Two Eras of War` (the work's index). Weaker than [`chrome`]: only for
/// lines next to the page's own footer.
pub(crate) fn foot_link(line: &str) -> bool {
    let mut t = line.trim();
    // `(Last) Chapter 29: The Journey Out`: the link says which it is.
    if let Some((said, rest)) = t.strip_prefix('(').and_then(|r| r.split_once(')')) {
        if NAV_FIRST.contains(&said.trim().to_lowercase().as_str()) {
            t = rest.trim();
        }
    }
    let words = word_count(t);
    let lower = t.to_lowercase();
    words > 0
        && words <= 12
        && !ends_in(t, &['.', ',', ';', ':', '!', '?'])
        && !t.starts_with(['(', '*'])
        // `To be continued` closes a text; a bare `Continued` is the link to the rest.
        && !lower.contains("to be continued")
        && !lower.contains("to be concluded")
        && date(t).is_none()
        && !dateline(t)
        // A name signs the text, unless it names a place of the site (`Clara Zetkin
        // Page`, `Contents`).
        && (!name(t) || nav_part(t))
        && !closing(t)
        && !notes_heading(t)
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '[')
}

/// What stands between a byline's name and its date (`By Jane Doe · March 3, 2021`).
pub(crate) const BYLINE_SEPARATORS: &[&str] = &[" · ", " | ", " • ", " — ", " – ", " - "];

/// The links a wiki sets after each heading, as a copy gives them.
const EDIT_LINKS: &[&str] = &[
    "[edit]",
    "[edit source]",
    "[modifier]",
    "[bearbeiten]",
    "[editar]",
    "[modifica]",
    "[править]",
];

/// Reads a heading that carries a wiki's edit link (`Background[edit]`): returns the
/// heading without it.
pub(crate) fn edit_link(line: &str) -> Option<&str> {
    let t = line.trim_end();
    let heading = EDIT_LINKS
        .iter()
        .find_map(|l| t.strip_suffix(l))?
        .trim_end();
    (!heading.is_empty() && word_count(heading) <= 12).then_some(heading)
}

/// What stands between the parts of a post's meta line (`Oct 19, 2016 · 10 min read`).
const META_SEPARATORS: &[&str] = &[" · ", " • ", " | "];

/// Reads a post's meta line whose first or last parts are the platform's (`Oct 19, 2016
/// · 10 min read`, `Follow · Jane Doe`): returns the line without them and each part
/// dropped with its kind. A line made only of such parts is [`chrome`] itself.
pub(crate) fn chrome_ends(line: &str) -> Option<(String, Vec<(String, &'static str)>)> {
    if word_count(line) > 15 {
        return None;
    }
    let sep = META_SEPARATORS.iter().find(|s| line.contains(*s))?;
    let parts: Vec<&str> = line.split(sep).map(str::trim).collect();
    let kind = |p: &str| chrome(p).filter(|k| *k != "rule");
    let first = parts.iter().position(|p| kind(p).is_none())?;
    let last = parts.iter().rposition(|p| kind(p).is_none())?;
    if first == 0 && last + 1 == parts.len() {
        return None;
    }
    let dropped = parts[..first]
        .iter()
        .chain(&parts[last + 1..])
        .filter_map(|p| Some((p.to_string(), kind(p)?)))
        .collect();
    Some((parts[first..=last].join(sep), dropped))
}

/// Says whether a line is a breadcrumb of the site (`MIA  >  Archive  >  Serge`).
fn breadcrumb(line: &str) -> bool {
    let t = line.trim();
    let parts: Vec<&str> = t.split('>').map(str::trim).collect();
    let short = parts.iter().all(|p| !p.is_empty() && word_count(p) <= 6);
    (parts.len() >= 3 && short) || (parts.len() == 2 && short && t.starts_with("MIA"))
}

/// Recognizes a line of page chrome: the parts of a blog or archive page that are not
/// the text. Returns what kind of chrome it is.
pub(crate) fn chrome(line: &str) -> Option<&'static str> {
    let t = line.trim();
    let lower = t.to_lowercase();
    const EXACT: &[&str] = &[
        "post a comment",
        "no comments:",
        "no comments",
        "newer post older post home",
        "newer post",
        "older post",
        "home",
        "subscribe to: post comments (atom)",
        "subscribe to: posts (atom)",
        "share this:",
        "like this:",
        "like loading...",
        "like loading…",
        "loading...",
        "related",
        "leave a reply",
        "leave a comment",
        "leave a reply cancel reply",
        "share",
        "subscribe",
        "email thisblogthis!share to twittershare to facebookshare to pinterest",
        "email this",
        "blogthis!",
        "share to twitter",
        "share to facebook",
        "share to pinterest",
        "reply",
        "delete",
        "replies",
        "top of the page",
        "top of page",
        "[return]",
        "[top]",
        "return to top",
        "inizio pagina",
        "torna su",
        "haut de page",
        "back to top",
        "share this post",
        "print this page",
        "report abuse",
        "twitter",
        "facebook",
        "email",
        "print",
        "reddit",
        "linkedin",
        "tumblr",
        "pinterest",
        "whatsapp",
        "telegram",
        "pocket",
        "more",
        "share on facebook",
        "share on twitter",
        "click to share on twitter (opens in new window)",
        "click to share on facebook (opens in new window)",
        "like",
        "comment",
        "restack",
        "subscribe now",
        "share this article",
        "leave a comment cancel reply",
        "from wikipedia, the free encyclopedia",
        "jump to navigation",
        "jump to search",
        "jump to content",
        "[edit]",
        "[edit source]",
        "sign up",
        "sign in",
        "open in app",
        "listen",
        "follow",
        "write",
        "member-only story",
        "text to speech",
        "help",
        "status",
        "careers",
        "privacy",
        "terms",
        "--",
        "·",
    ];
    if EXACT.contains(&lower.as_str()) {
        return Some("page chrome");
    }
    let words = word_count(t);
    if words > 30 {
        return None;
    }
    if rule(t) {
        return Some("rule");
    }
    if breadcrumb(t) {
        return Some("breadcrumb");
    }
    // The site's title bar over a page it writes for a subject (`Marxist History: Cuba:
    // Subject: Missile Crisis (4)`).
    if t.split_once(':').is_some_and(|(a, _)| site_section(a)) {
        return Some("title bar");
    }
    if archive_links(t) {
        return Some("archive links");
    }
    if nav_row(t) {
        return Some("navigation");
    }
    if words <= 15 && (lower.starts_with("back to ") || lower.starts_with("return to ")) {
        return Some("navigation");
    }
    if words <= 8 && lower.ends_with("click here") {
        return Some("navigation");
    }
    // A wiki's permanent link at the foot: `Retrieved from "https://…"`.
    if lower.starts_with("retrieved from ") && lower.contains("http") && words <= 4 {
        return Some("archive footer");
    }
    if lower.starts_with("written by ") && byline(t).is_some() {
        return Some("author box");
    }
    // A blog platform's counts: `7 min read`, `120 Followers`, `1.2K Followers`.
    for (suffix, kind) in [
        (" min read", "reading time"),
        (" followers", "follower count"),
    ] {
        if lower.strip_suffix(suffix).is_some_and(|n| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || ".,k".contains(c))
        }) {
            return Some(kind);
        }
    }
    if let Some(n) = lower
        .strip_suffix(" comments:")
        .or(lower.strip_suffix(" comment:"))
    {
        if n.chars().all(|c| c.is_ascii_digit()) {
            return Some("comment count");
        }
    }
    let prefixes: &[(&str, &'static str)] = &[
        ("posted by ", "post byline"),
        ("posted on ", "post byline"),
        ("labels: ", "post labels"),
        ("tags: ", "post tags"),
        ("categories: ", "post categories"),
        ("filed under ", "post categories"),
        ("this entry was posted in ", "post categories"),
        ("posted in ", "post categories"),
        ("last updated", "archive footer"),
        ("updated on", "archive footer"),
        ("last modified", "archive footer"),
        ("ultimo aggiornamento", "archive footer"),
        ("dernière mise à jour", "archive footer"),
        ("this page was last edited on", "archive footer"),
        ("« previous", "navigation"),
        ("← previous", "navigation"),
        ("next post", "navigation"),
        ("previous post", "navigation"),
    ];
    prefixes
        .iter()
        .find(|(p, _)| lower.starts_with(p))
        .map(|(_, kind)| *kind)
}

/// Finds the author (and date) in a blog byline such as `Posted by Jane Doe at 9:14 AM` or
/// `Posted on March 3, 2019 by redarchive`.
pub(crate) fn byline(line: &str) -> Option<(Option<String>, Option<String>)> {
    let t = line.trim();
    let lower = t.to_lowercase();
    if let Some(rest) = lower.strip_prefix("posted by ") {
        let start = t.len() - rest.len();
        let end = rest
            .find(" at ")
            .or_else(|| rest.find(" on "))
            .unwrap_or(rest.len());
        let name = t[start..start + end].trim().to_string();
        return Some(((!name.is_empty()).then_some(name), None));
    }
    // A platform's author box at the foot: `Written by Jane Doe`.
    if let Some(rest) = lower.strip_prefix("written by ") {
        let name = t[t.len() - rest.len()..].trim();
        return self::name(name).then(|| (Some(name.to_string()), None));
    }
    if let Some(rest) = lower.strip_prefix("posted on ") {
        let start = t.len() - rest.len();
        let by = rest.find(" by ");
        let date_text = t[start..start + by.unwrap_or(rest.len())]
            .trim()
            .to_string();
        let name = by.map(|b| t[start + b + 4..].trim().to_string());
        let date_text = date(&date_text).map(|_| date_text);
        return Some((name, date_text));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn east_asian_dates() {
        let iso = |l: &str| date(l).map(|d| d.iso);
        assert_eq!(
            iso("（一九五七年二月二十七日）").as_deref(),
            Some("1957-02-27")
        );
        assert_eq!(iso("1957年2月27日").as_deref(), Some("1957-02-27"));
        assert_eq!(iso("一九二七年三月").as_deref(), Some("1927-03"));
        assert_eq!(iso("1957년 2월 27일").as_deref(), Some("1957-02-27"));
        assert_eq!(iso("十二月").as_deref(), None);
        assert_eq!(iso("一九五七年一二十月").as_deref(), None);
        assert_eq!(iso("一二三四五六七八九〇一二年").as_deref(), None);
        assert_eq!(iso("一九五七年十三月").as_deref(), None);
    }

    #[test]
    fn names_in_scripts_without_capitals() {
        assert!(caseless_name("毛泽东"));
        assert!(caseless_name("カール・マルクス"));
        assert!(caseless_name("كارل ماركس"));
        assert!(caseless_name("कार्ल मार्क्स"));
        assert!(!caseless_name("关于正确处理人民内部矛盾的问题"));
        assert!(!caseless_name("Karl Marx"));
        assert!(!caseless_name("بيان الحزب الشيوعي الذي كتبه"));
        assert!(!caseless_name("注释。"));
    }

    #[test]
    fn a_section_number_names_nobody() {
        assert!(!name("I"));
        assert!(!name("XIV."));
        assert!(name("Lenin"));
        assert!(name("Max Shachtman"));
    }

    #[test]
    fn a_month_and_year_among_running_words_date_a_citation() {
        assert_eq!(
            find_date("Resolutions Adopted by the November 1949 Meeting of the Bureau").as_deref(),
            Some("November 1949")
        );
        assert_eq!(
            find_date("Speech of 7 November 1927 at the plenum").as_deref(),
            Some("7 November 1927")
        );
        // A bare year in running words is no date.
        assert_eq!(find_date("Reports of the 1949 Meeting"), None);
        assert_eq!(
            find_date("Militant International Review, no. 35 (summer, 1987)").as_deref(),
            Some("summer, 1987")
        );
    }

    #[test]
    fn a_citation_gives_its_one_year() {
        assert_eq!(
            lone_year("The Communist International, Nos. 16–17, 1921, pp. 58–67.").as_deref(),
            Some("1921")
        );
        assert_eq!(
            lone_year("Essays in Socialism (1907), pp.108-119").as_deref(),
            Some("1907")
        );
        assert_eq!(
            lone_year("Collected Works, 1960, from the 1923 edition, 1923"),
            None
        );
        assert_eq!(lone_year("Pamphlet, 64 pages"), None);
    }

    #[test]
    fn seasons_and_ranges_are_dates() {
        use super::{date, find_date};
        let iso = |s: &str| date(s).map(|d| d.iso);
        assert_eq!(iso("Summer 1958").as_deref(), Some("1958"));
        assert_eq!(iso("April-May 1952").as_deref(), Some("1952-04"));
        assert_eq!(iso("July/August 1988").as_deref(), Some("1988-07"));
        assert_eq!(iso("MARCH 6-8, 1918").as_deref(), Some("1918-03-06"));
        assert_eq!(iso("1900/1901").as_deref(), Some("1900"));
        assert_eq!(iso("Winter 1963/64").as_deref(), Some("1963"));
        assert_eq!(iso("3 May 1921 June"), None);
        assert_eq!(iso("1921 1850"), None);
        assert_eq!(
            find_date("From Labor Action, Vol. 10 No. 42, 21 October 1946, p. 7.").as_deref(),
            Some("21 October 1946")
        );
        assert_eq!(
            find_date("Source: The Appeal, Volume 2, No. 9, October 1, 1936, pp.1-3.").as_deref(),
            Some("October 1, 1936")
        );
        assert_eq!(
            find_date("Collected Works, Volume 27, 1965, pp. 3-9").as_deref(),
            None
        );
        assert_eq!(
            find_date("The Quarterly, Autumn 1983.").as_deref(),
            Some("Autumn 1983")
        );
    }

    #[test]
    fn dates_in_many_forms() {
        assert_eq!(
            date("Saturday, October 27, 2018").unwrap().iso,
            "2018-10-27"
        );
        assert_eq!(date("27 octobre 2018").unwrap().iso, "2018-10-27");
        assert_eq!(date("(July 1897)").unwrap().iso, "1897-07");
        assert_eq!(date("1936").unwrap().iso, "1936");
        assert_eq!(date("27 октября 1917 г.").unwrap().iso, "1917-10-27");
        assert!(date("May the workers win").is_none());
        assert!(date("1917. The year").is_none());
    }

    #[test]
    fn datelines_names_salutations() {
        assert!(dateline("August 10, 1936"));
        assert!(dateline("Paris, 31 October 1938"));
        assert!(dateline("Paris, le 3 mai 1937"));
        assert!(!dateline(
            "In Paris, it is the same thing in 1936 and later on"
        ));
        assert!(name("Victor Serge"));
        assert!(name("L. Trotsky"));
        assert!(!name("Letter to Leon Trotsky"));
        assert!(salutation("Dear Leon Davidovich"));
        assert!(salutation("DEAR COMRADES,"));
        assert!(!salutation(
            "Dear me, what a day it was in Paris that summer."
        ));
    }

    #[test]
    fn chrome_and_bylines() {
        assert_eq!(chrome("No comments:"), Some("page chrome"));
        assert_eq!(chrome("3 comments:"), Some("comment count"));
        assert_eq!(chrome("Labels: history, Spain"), Some("post labels"));
        assert_eq!(chrome("Leon Trotsky and Victor Serge are two"), None);
        assert_eq!(
            byline("Posted on March 3, 2019 by redarchive"),
            Some((Some("redarchive".into()), Some("March 3, 2019".into())))
        );
        assert_eq!(
            byline("Posted by Jane Doe at 9:14 AM"),
            Some((Some("Jane Doe".into()), None))
        );
    }

    #[test]
    fn archive_chrome() {
        for (line, kind) in [
            ("MIA  >  Archive  >  Serge", "breadcrumb"),
            ("MIA > Italiano > Trotsky > 1929", "breadcrumb"),
            (
                "------------------------------------------------------------------------",
                "rule",
            ),
            ("+--------------------+", "rule"),
            ("_____", "rule"),
            ("John Reed Internet Archive", "archive links"),
            ("Early American Marxism Archive", "archive links"),
            ("[ Archivio Trotsky ]", "archive links"),
            ("Montefiore Archive | Lenin Archive", "archive links"),
            (
                "Marxists’ Writers’ Index   |    Trotskyist Writers’ Index",
                "archive links",
            ),
            ("Back to the James P. Cannon Internet Archive", "navigation"),
            ("PDF Version: Click Here", "navigation"),
            ("Last updated on: 18 January 2009", "archive footer"),
            ("Last updated on 4.12.2005", "archive footer"),
            ("Top of the page", "page chrome"),
            ("Top of page", "page chrome"),
            ("[return]", "page chrome"),
        ] {
            assert_eq!(chrome(line), Some(kind), "{line}");
        }
        for text in [
            "The archive of the party was burnt in 1933.",
            "Online Version: Trotsky Internet Archive",
            "Paris > London in 1900 for the workers",
            "-- he said",
        ] {
            assert_eq!(chrome(text), None, "{text}");
        }
    }

    #[test]
    fn a_meta_lines_platform_parts_come_off() {
        let (kept, dropped) = chrome_ends("Oct 19, 2016 · 10 min read").expect("a part");
        assert_eq!(kept, "Oct 19, 2016");
        assert_eq!(dropped, [("10 min read".to_string(), "reading time")]);
        assert!(chrome_ends("Marx · Engels · Lenin").is_none());
        assert!(chrome_ends("Jane Doe · Oct 19, 2016").is_none());
    }

    #[test]
    fn notes_headings_but_not_titles() {
        for h in [
            "Notes",
            "Notes:",
            "Note",
            "Footnotes",
            "Endnotes",
            "Translator’s Notes",
            "Note by MIA",
            "FOOTNOTES (by Tim Davenport):",
            "Note del traduttore",
            "Editors/Translator’s notes:",
            "Author’s and Editor’s Notes",
        ] {
            assert!(notes_heading(h), "{h}");
        }
        for t in [
            "Notes of the Month",
            "Notes on the Trade Unions",
            "A note",
            "Questions and notes",
            "Letters/notes",
        ] {
            assert!(!notes_heading(t), "{t}");
        }
    }

    #[test]
    fn a_notes_heading_may_say_whose_notes_they_are() {
        assert_eq!(notes_hand("Notes:"), None);
        assert_eq!(notes_hand("FOOTNOTES"), None);
        assert_eq!(notes_hand("Примечания"), None);
        assert_eq!(notes_hand("Notes of the Month"), None);
        for (heading, hand) in [
            ("Transcriber’s Note", "Transcriber’s Note"),
            ("Note by MIA:", "Note by MIA"),
            (
                "FOOTNOTES (by Tim Davenport):",
                "FOOTNOTES (by Tim Davenport)",
            ),
            ("Editors/Translator’s notes:", "Editors/Translator’s notes"),
            ("Note del traduttore", "Note del traduttore"),
        ] {
            assert_eq!(notes_hand(heading).as_deref(), Some(hand), "{heading}");
        }
    }

    #[test]
    fn datelines_without_a_year_and_section_titles() {
        assert!(dateline("Moscow, November 14"));
        assert!(dateline("Paris, 31 October 1938"));
        assert!(!dateline("Moscow, the capital"));
        assert!(section_title("Scientists Aroused"));
        assert!(section_title("II."));
        assert!(section_title("End of a Science: Genetics Banned"));
        assert!(!section_title("Thus,"));
        assert!(!section_title("It was late."));
        assert!(part_word("Postscript"));
        assert!(part_word("Introduction: The political context"));
    }
}
