//! The head of a text: which of the short lines above its header (or above its body) is
//! the title, which names the author, which dates it, which is a kicker or a subtitle.
//!
//! Every reading of the lines is scored from all their evidence together — what each
//! line looks like (a name, a date, `by …`, `Name: Title`), where it stands, what the
//! markup says (a heading's level) — and the best reading is taken. A reading that wins
//! by little is reported as a guess.

use crate::model::text::word_count;

use super::lexicon;

/// The words a text uses in lower case: a line made of them is no name.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary(std::collections::HashSet<String>);

impl Vocabulary {
    /// Collects the lower-case words of some lines.
    pub(crate) fn of<'a>(lines: impl Iterator<Item = &'a str>) -> Self {
        let mut set = std::collections::HashSet::new();
        for l in lines {
            for w in l.split(|c: char| !c.is_alphabetic()) {
                if w.starts_with(char::is_lowercase) && w.chars().count() > 2 {
                    set.insert(w.to_string());
                }
            }
        }
        Vocabulary(set)
    }

    /// Whether the text uses the word in lower case.
    pub(crate) fn has(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// One line of a head, with its evidence.
#[derive(Debug, Clone)]
pub(crate) struct HeadLine {
    /// The line's text.
    pub(crate) text: String,
    /// The input line it stands on.
    pub(crate) line: usize,
    /// The heading level the markup gives, if any.
    pub(crate) heading: Option<u8>,
}

/// The head as read: each part as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Head {
    pub(crate) title: Option<String>,
    pub(crate) subtitle: Option<String>,
    /// The author line as written (`R.H. Monroe and Joseph Hansen`).
    pub(crate) author: Option<String>,
    pub(crate) date: Option<String>,
    /// The input line of the title.
    pub(crate) title_line: Option<usize>,
    /// Whether another reading gave another title with nearly the same score.
    pub(crate) doubtful: bool,
}

/// What a line is taken as in a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Title,
    /// `Name: Title` on one line.
    AuthorTitle,
    Author,
    Date,
    /// A name with a year (`Victor Serge 1936`): the author and the date.
    AuthorDate,
    /// A line above the title (a series, a book title, a section of the site).
    Kicker,
    /// A kicker that names the author (`Krupskaya’s “Reminiscences of Lenin”`, `Mandel
    /// on Broué`): the author, and the line kept as a kicker.
    AuthorKicker,
    Subtitle,
}

/// How a line reads, computed once.
#[derive(Debug, Clone, Default)]
struct Look {
    words: usize,
    date: bool,
    /// A date in parentheses or brackets, as the archive sets its date lines.
    bracketed_date: bool,
    /// `by X` with X a name.
    by: Option<String>,
    /// A person's or persons' name(s).
    names: bool,
    /// How strongly the line reads as a name when it stands where a title, kicker or
    /// subtitle might: 0 when the text uses all its words in lower case (`Politics`
    /// over a text on politics), weak for one word (`Poland`, a rubric as often as a
    /// person), else 1.
    name_weight: f32,
    /// A body that writes (`Executive Committee of the Communist International`).
    collective: bool,
    author_title: Option<(String, String)>,
    /// The year a `Work, Name. Year` line adds to its author and title.
    title_year: Option<String>,
    /// The name a kicker gives as its author (see `Part::AuthorKicker`).
    kicker_author: Option<String>,
    name_year: Option<(String, String)>,
    sentence: bool,
    /// Wholly in parentheses or brackets: an editor's remark, never a title.
    bracketed: bool,
    /// A periodical's rubric (`Book Review`, `Obituary`): a kicker over a title.
    rubric: bool,
    heading: Option<u8>,
    /// How much the text uses the words of the line's name in lower case (0 to 3).
    common: f32,
}

fn look(l: &HeadLine, common: &dyn Fn(&str) -> bool) -> Look {
    let t = l.text.trim();
    let words = word_count(t);
    let date = lexicon::date(t).is_some();
    let name_part = author_title(t)
        .map(|(a, _)| a)
        .unwrap_or_else(|| t.to_string());
    let tny = title_name_year(t);
    let kicker_author = kicker_author(t).filter(|a| commonness(a, common) < 3.0);
    let common = commonness(&name_part, common);
    let caseless = lexicon::caseless_name(t);
    Look {
        common,
        words,
        date,
        bracketed_date: date && t.starts_with(['(', '[']),
        by: by_line(t),
        names: names(attributed(t)).is_some() || caseless,
        name_weight: if caseless {
            CASELESS_NAME_WEIGHT
        } else {
            name_weight(attributed(t), words, common)
        },
        collective: collective(t),
        author_title: author_title(t).or_else(|| tny.clone().map(|(w, n, _)| (n, w))),
        title_year: tny.map(|(_, _, y)| y),
        kicker_author,
        name_year: name_and_year(t).or_else(|| byline_and_date(t)),
        sentence: words > 12 && lexicon::ends_in(t, &['.', '!', '?']),
        rubric: lexicon::rubric(t),
        bracketed: (t.starts_with('(') && t.ends_with(')'))
            || (t.starts_with('[') && t.ends_with(']')),
        heading: l.heading,
    }
}

/// How strongly a short line in a script without capitals reads as a name: less than a
/// capitalized one, since a short title there looks the same.
const CASELESS_NAME_WEIGHT: f32 = 0.6;

/// See `Look::name_weight`.
fn name_weight(t: &str, words: usize, common: f32) -> f32 {
    if names(t).is_none() || common >= 3.0 {
        0.0
    } else if words == 1 {
        0.4
    } else {
        1.0
    }
}

/// How much a text uses a name's words in lower case: 0 (none of them), 1 (some), 3
/// (all). A name's words are not words of the text: `Forty Hours` is no person when the
/// text speaks of `forty hours`.
pub(crate) fn commonness(name: &str, common: &dyn Fn(&str) -> bool) -> f32 {
    let ws: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() > 2)
        .collect();
    let found = ws.iter().filter(|w| common(&w.to_lowercase())).count();
    if ws.is_empty() || found == 0 {
        0.0
    } else if found == ws.len() {
        3.0
    } else {
        1.0
    }
}

/// A reading's score for one line in one part.
fn score(part: Part, at: usize, title_at: usize, lk: &Look) -> f32 {
    let heading = |level: u8| lk.heading == Some(level);
    match part {
        Part::Title | Part::AuthorTitle => {
            if lk.date || lk.by.is_some() {
                return -10.0;
            }
            let mut s = 2.0 + (lk.words.min(4) as f32) / 8.0;
            if lk.name_year.is_some() && part == Part::Title {
                s -= 2.0;
            }
            if part == Part::AuthorTitle {
                if lk.author_title.is_none() {
                    return -10.0;
                }
                s += 2.5 - lk.common;
            } else {
                s -= 1.5 * lk.name_weight;
            }
            if lk.words > 25 {
                s -= 3.0;
            }
            if lk.sentence || lk.bracketed {
                s -= 2.0;
            }
            if lk.rubric {
                s -= RUBRIC;
            }
            // A headline's deck runs long under a short title (`Tropical Trotskyism` /
            // `The cruel dilemma of socialists in a poor country, getting poorer`).
            if lk.words > 9 {
                s -= 0.5;
            }
            if heading(1) {
                s += 6.0;
            } else if lk.heading.is_some_and(|h| h > 2) {
                s -= 1.0;
            }
            s
        }
        Part::Author => {
            let mut s = if lk.by.is_some() {
                4.0
            } else if lk.names {
                3.0 - lk.common
            } else if lk.collective {
                1.5
            } else {
                return -10.0;
            };
            if heading(1) {
                s -= 3.0;
            }
            if at < title_at || (at == title_at + 1 && lk.by.is_some()) {
                s += 1.0;
            } else if lk.by.is_none() {
                s -= 1.5;
            }
            s
        }
        Part::AuthorKicker => {
            if lk.kicker_author.is_none() || at > title_at {
                return -10.0;
            }
            // As an author line above the title scores.
            4.0
        }
        Part::AuthorDate => {
            if lk.name_year.is_none() {
                return -10.0;
            }
            let s = if at < title_at { 8.0 } else { 6.0 };
            s - lk.common
        }
        Part::Date => {
            if !lk.date {
                return -10.0;
            }
            if lk.bracketed_date {
                5.0
            } else {
                4.0
            }
        }
        Part::Kicker => {
            let mut s = if lk.words <= 3 { -0.5 } else { -1.5 };
            if lk.date {
                s -= 2.5;
            }
            // A name-like line of several words (`Between Two Thieves`) is rather a title
            // than a rubric; one word (`Poland`, `Politics`) is as often either.
            let rubric_doubt = if lk.words == 1 { 1.5 } else { 2.5 };
            s -= rubric_doubt * lk.name_weight;
            if lk.rubric {
                s += RUBRIC;
            }
            if heading(1) {
                s -= 4.0;
            }
            s
        }
        Part::Subtitle => {
            let mut s = -0.5;
            if lk.date || lk.name_year.is_some() {
                s -= 3.0;
            }
            s -= 1.5 * lk.name_weight;
            if heading(1) {
                s -= 4.0;
            }
            s
        }
    }
}

/// What a reading without a title line costs: a head seldom lacks one, so it wins only
/// where every line reads as something else (a name, a date).
const NO_TITLE: f32 = -1.0;

/// What a reading costs that takes a head's only line for anything but the title.
const LONE_LINE_UNTITLED: f32 = -4.0;

/// How much a rubric's words (`Book Review`) weigh for a kicker and against a title.
const RUBRIC: f32 = 1.5;

/// What a kicker costs in a head without a date line (see `read`).
const UNDATED_KICKER: f32 = -0.5;

/// Reads the head lines: tries every title, author and date line and keeps the best.
/// `common` says whether a word stands in the text in lower case.
pub(crate) fn read(lines: &[HeadLine], common: &dyn Fn(&str) -> bool) -> Head {
    let n = lines.len();
    if n == 0 {
        return Head::default();
    }
    let looks: Vec<Look> = lines.iter().map(|l| look(l, common)).collect();
    let mut best: Option<(f32, Vec<Part>)> = None;
    let mut runner_up: Option<(f32, Vec<Part>)> = None;
    let opt = |k: usize| (0..=n).map(move |i| (i < n).then_some(i)).take(k);
    // `t == n` is the reading with no title line: a head of an author and a date only
    // (`William Z. Foster` / `1926`), whose title the text's first heading gives.
    for t in 0..=n {
        let title_parts: &[Part] = if t < n {
            &[Part::Title, Part::AuthorTitle]
        } else {
            &[Part::Title]
        };
        for &title_part in title_parts {
            for a in opt(n + 1) {
                if a == Some(t) {
                    continue;
                }
                for d in opt(n + 1) {
                    if d.is_some() && (d == Some(t) || d == a) {
                        continue;
                    }
                    let parts: Vec<Part> = (0..n)
                        .map(|i| {
                            if i == t {
                                title_part
                            } else if Some(i) == a {
                                if looks[i].name_year.is_some() {
                                    Part::AuthorDate
                                } else if looks[i].kicker_author.is_some() && t < n {
                                    Part::AuthorKicker
                                } else {
                                    Part::Author
                                }
                            } else if Some(i) == d {
                                Part::Date
                            } else if i < t {
                                Part::Kicker
                            } else {
                                Part::Subtitle
                            }
                        })
                        .collect();
                    // One author line and one date line at most.
                    let authors = parts
                        .iter()
                        .filter(|p| {
                            matches!(
                                p,
                                Part::Author
                                    | Part::AuthorDate
                                    | Part::AuthorTitle
                                    | Part::AuthorKicker
                            )
                        })
                        .count();
                    let dates = parts
                        .iter()
                        .zip(&looks)
                        .filter(|(p, lk)| {
                            matches!(p, Part::Date | Part::AuthorDate)
                                || (**p == Part::AuthorTitle && lk.title_year.is_some())
                        })
                        .count();
                    if authors > 1 || dates > 1 {
                        continue;
                    }
                    // A head of one line is its title, whatever else it reads as: a
                    // text seldom names its author and not itself (`Paris Commune`
                    // over an encyclopedia's article, `Victor Serge` over an obituary).
                    let untitled = match (t == n, n) {
                        (false, _) => 0.0,
                        (true, 1) => LONE_LINE_UNTITLED,
                        (true, _) => NO_TITLE,
                    };
                    // A rubric over the title is a periodical's: its article dates
                    // itself. Over an undated head the line is the work's title.
                    let undated_kicker = if d.is_none() && parts.contains(&Part::Kicker) {
                        UNDATED_KICKER
                    } else {
                        0.0
                    };
                    let s: f32 = untitled
                        + undated_kicker
                        + parts
                            .iter()
                            .enumerate()
                            .map(|(i, p)| score(*p, i, t, &looks[i]))
                            .sum::<f32>();
                    let better = best.as_ref().is_none_or(|(b, _)| s > *b);
                    if better {
                        runner_up = best.take();
                        best = Some((s, parts));
                    } else if runner_up.as_ref().is_none_or(|(r, _)| s > *r) {
                        runner_up = Some((s, parts));
                    }
                }
            }
        }
    }
    let Some((score, parts)) = best else {
        return Head::default();
    };
    let mut head = assemble(lines, &looks, &parts);
    if let Some((second, other)) = runner_up {
        let other = assemble(lines, &looks, &other);
        // Doubt that matters: the other reading's title is a line this one took for the
        // author or the date. Which of two title lines leads is no loss: both stay, as
        // title and subtitle.
        let kept = |t: &str| {
            head.title.as_deref() == Some(t)
                || head.subtitle.as_deref().is_some_and(|s| s.contains(t))
        };
        head.doubtful = score - second < 1.0 && other.title.as_deref().is_some_and(|t| !kept(t));
    }
    head
}

/// Makes the head a reading gives.
fn assemble(lines: &[HeadLine], looks: &[Look], parts: &[Part]) -> Head {
    let mut head = Head::default();
    let mut kickers = Vec::new();
    let mut subtitles = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let text = lines[i].text.trim().to_string();
        match part {
            Part::Title => {
                head.title = Some(text);
                head.title_line = Some(lines[i].line);
            }
            Part::AuthorTitle => {
                let (a, t) = looks[i].author_title.clone().unwrap_or_default();
                head.author = Some(a);
                if let Some(y) = &looks[i].title_year {
                    head.date = Some(y.clone());
                }
                head.title = Some(t);
                head.title_line = Some(lines[i].line);
            }
            Part::Author => {
                let name = looks[i].by.clone();
                head.author = Some(name.unwrap_or_else(|| unbracketed(&text).to_string()));
            }
            Part::AuthorDate => {
                let (a, y) = looks[i].name_year.clone().unwrap_or_default();
                head.author = Some(a);
                head.date = Some(y);
            }
            Part::Date => {
                head.date = Some(text.trim_matches(['(', ')', '[', ']']).trim().to_string());
            }
            Part::Kicker => kickers.push(text),
            Part::AuthorKicker => {
                head.author = looks[i].kicker_author.clone();
                kickers.push(text);
            }
            Part::Subtitle => subtitles.push(text),
        }
    }
    subtitles.retain(|l| !lexicon::break_mark(l));
    if let Some(title) = head.title.take() {
        let mut all = vec![title];
        all.append(&mut subtitles);
        let (title, subtitle) = part_over_work(&all);
        if title != all[0] {
            head.title_line = lines
                .iter()
                .find(|l| title.starts_with(l.text.trim()))
                .map(|l| l.line);
        }
        head.title = Some(title);
        subtitles.extend(subtitle);
    }
    // A kicker reads before the title: it joins the title line's run (`Appeals` /
    // `To the Workers…`), kept whole as the subtitle's first part so no line is lost.
    if !kickers.is_empty() {
        subtitles.splice(0..0, kickers.into_iter().map(unannounced));
    }
    if !subtitles.is_empty() {
        head.subtitle = Some(joined(&subtitles));
    }
    head
}

/// Reads a work's head lines, the work's title first, then the lines under it (a
/// volume, a part, a chapter): the page is the last part it names (`Part One: …`,
/// `CHAPTER TWO Marx and His Critics`), titled from that line on, and the work with the
/// parts above is its subtitle. Where no line under the work names a part, the work
/// keeps the title and the lines under it are the subtitle.
/// A part's bare label (`Chapter 5`) closing the lines labels the line above it, which
/// names the part.
pub(crate) fn part_over_work(lines: &[String]) -> (String, Option<String>) {
    let join = |ls: &[String]| (!ls.is_empty()).then(|| joined(ls));
    let start = match lines.iter().rposition(|l| lexicon::names_a_part(l)) {
        Some(i) if i > 0 && i + 1 == lines.len() && word_count(&lines[i]) <= 2 => i - 1,
        Some(i) => i,
        None => 0,
    };
    if start == 0 {
        (lines[0].clone(), join(&lines[1..]))
    } else {
        (joined(&lines[start..]), join(&lines[..start]))
    }
}

/// The lines of a title or subtitle as one: apart by a dash, but a line that announces
/// the next with its colon (`A Contribution to an International Discussion:`) runs on.
pub(crate) fn joined<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.as_ref();
        if !out.is_empty() {
            out.push_str(if out.ends_with([':', '：']) {
                " "
            } else {
                " — "
            });
        }
        out.push_str(l);
    }
    out
}

/// A kicker set apart from the title it announced with its colon (`A Contribution to an
/// International Discussion:`), without the colon: the title no longer follows it.
pub(crate) fn unannounced(kicker: String) -> String {
    match kicker.strip_suffix([':', '：']) {
        Some(t) => t.trim_end().to_string(),
        None => kicker,
    }
}

/// A line without the brackets around it: an editor's attribution (`[Peter Sedgwick]`)
/// names the author too.
pub(crate) fn unbracketed(t: &str) -> &str {
    t.strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .unwrap_or(t)
        .trim()
}

/// The name an editor's bracketed attribution gives (`[Peter Sedgwick]`), else the line.
/// Several names in brackets are rather a picture's description (`[Cuban History,
/// Missile Crisis]`), as a text copy gives it.
fn attributed(t: &str) -> &str {
    let bare = unbracketed(t);
    if bare.len() < t.trim().len() && names(bare).is_some_and(|ns| ns.len() > 1) {
        t
    } else {
        bare
    }
}

/// The author a kicker names: a possessive (`Krupskaya’s “Reminiscences of Lenin”`) or
/// one name on a subject (`Mandel on Broué`).
pub(crate) fn kicker_author(t: &str) -> Option<String> {
    let t = t.trim();
    let (name, rest) = ["’s ", "'s "]
        .iter()
        .find_map(|s| t.split_once(s))
        .or_else(|| t.split_once(" on "))?;
    let one_name = names(name).is_some_and(|ns| ns.len() == 1);
    let rest_titled = rest
        .trim_start_matches(['“', '"', '‘', '\''])
        .starts_with(char::is_uppercase);
    (one_name && rest_titled).then(|| name.to_string())
}

/// Reads `by X` (`By Albert Weisbord`).
pub(crate) fn by_line(t: &str) -> Option<String> {
    let rest = t
        .strip_prefix("by ")
        .or_else(|| t.strip_prefix("By "))
        .or_else(|| t.strip_prefix("BY "))?;
    names(rest).is_some().then(|| rest.trim().to_string())
}

/// Words that make a line the name of a body that writes, not of a person.
const COLLECTIVE: &[&str] = &[
    "committee",
    "executive",
    "bureau",
    "party",
    "group",
    "league",
    "union",
    "council",
    "congress",
    "conference",
    "federation",
    "international",
    "communists",
    "socialists",
    "workers",
    "secretariat",
    "presidium",
    "editorial",
    "editors",
    "board",
];

/// Says whether a line names a body (`Group of International Communists`, `The Executive
/// Committee of the Communist International`): capitalized, short, with a body's word.
pub(crate) fn collective(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 10
        && !lexicon::ends_in(t, &['.', '?', '!', ':'])
        && words.iter().any(|w| {
            COLLECTIVE.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic()))
        })
        && words
            .iter()
            .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
            .count()
            * 2
            > words.len()
}

/// Reads `Author: Title` (or French `Auteur : Titre`).
pub(crate) fn author_title(line: &str) -> Option<(String, String)> {
    let (a, t) = line.split_once(':')?;
    let (a, t) = (a.trim(), t.trim());
    (names(a).is_some() && !lexicon::site_section(a) && !t.is_empty() && word_count(line) <= 25)
        .then(|| (a.to_string(), t.to_string()))
}

/// Splits an author line into names (`R.H. Monroe and Joseph Hansen`, `Marx & Engels`,
/// `Giacomo Turci, Juan Fajardo`, `Gilles Dauvé / Denis Authier`); `None` unless every
/// part is a name.
pub(crate) fn names(line: &str) -> Option<Vec<String>> {
    let line = line.trim().trim_end_matches([',', ';']);
    // A closing full stop is the line's, unless it closes an initial (`J.P.C.`).
    let line = match line.strip_suffix('.') {
        Some(rest) if !ends_in_initial(rest) => rest,
        _ => line,
    };
    // A lone word after the comma of a name of several words is where the writer is
    // (`Gruppe Internationale Kommunisten, Holland`), no second writer: lone names
    // (`Marx, Engels`) stand beside lone names.
    if let Some((name, place)) = line.split_once(", ") {
        let lone = |s: &str| s.split_whitespace().count() == 1;
        if lone(place) && !lone(name) && lexicon::name(name) && lexicon::name(place) {
            return Some(vec![line.to_string()]);
        }
    }
    let parts: Vec<&str> = line
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
        .flat_map(|p| p.split(" / "))
        .flat_map(|p| p.split(" e "))
        .map(str::trim)
        .collect();
    parts
        .iter()
        .all(|p| lexicon::name(p))
        .then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// Says whether text ends in an initial: one capital after a stop, a space or nothing
/// (`J.P.C`, `Karl M`).
fn ends_in_initial(text: &str) -> bool {
    let mut rev = text.chars().rev();
    rev.next().is_some_and(char::is_uppercase) && rev.next().is_none_or(|c| c == '.' || c == ' ')
}

/// Reads a byline that dates the text too, as blogs and papers set one: `By Jane Doe ·
/// March 3, 2021`, `Jane Doe | 3 March 2021`, `March 3, 2021 — by Jane Doe`. Without its
/// `by`, the name must be of two words or more (`Paris · March 1871` names nobody).
pub(crate) fn byline_and_date(line: &str) -> Option<(String, String)> {
    let name = |s: &str| {
        by_line(s).or_else(|| {
            (names(s).is_some() && s.split_whitespace().count() >= 2).then(|| s.to_string())
        })
    };
    lexicon::BYLINE_SEPARATORS.iter().find_map(|sep| {
        let (a, b) = line.split_once(sep)?;
        let (a, b) = (a.trim(), b.trim());
        match (name(a), name(b)) {
            (Some(n), _) if lexicon::date(b).is_some() => Some((n, b.to_string())),
            (_, Some(n)) if lexicon::date(a).is_some() => Some((n, a.to_string())),
            _ => None,
        }
    })
}

/// Reads `Victor Serge 1936` or `Vere Gordon Childe, 1944`.
pub(crate) fn name_and_year(line: &str) -> Option<(String, String)> {
    let (name, year) = line.trim().rsplit_once(' ')?;
    let y = year.trim_matches(['(', ')', '.']);
    let name = name.trim().trim_end_matches(',');
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && names(name).is_some())
        .then(|| (name.to_string(), y.to_string()))
}

/// Reads `The Trade Unions, Lance Sharkey. 1961`: a work, its author and its year on one
/// line, as some title bars give them.
pub(crate) fn title_name_year(line: &str) -> Option<(String, String, String)> {
    let (title, rest) = line.trim().rsplit_once(", ")?;
    let (name, year) = name_and_year(rest)?;
    // `…, May 1937` is a date, not a name.
    if lexicon::date(rest.trim_end_matches('.')).is_some() {
        return None;
    }
    let title = title.trim();
    (!title.is_empty() && names(title).is_none()).then(|| {
        (
            title.to_string(),
            name.trim_end_matches('.').to_string(),
            year,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_its_author_and_year_on_one_line() {
        assert_eq!(
            title_name_year("The Trade Unions: Theory and Practice, Lance Sharkey. 1961"),
            Some((
                "The Trade Unions: Theory and Practice".into(),
                "Lance Sharkey".into(),
                "1961".into()
            ))
        );
        assert_eq!(title_name_year("Victor Serge, 1936"), None);
        assert_eq!(title_name_year("Bread, Peace and Land"), None);
        assert_eq!(title_name_year("The Telephone Exchange, May 1937"), None);
    }

    fn head(lines: &[&str]) -> Head {
        let lines: Vec<HeadLine> = lines
            .iter()
            .enumerate()
            .map(|(i, t)| HeadLine {
                text: t.to_string(),
                line: i + 1,
                heading: None,
            })
            .collect();
        read(&lines, &|w| w == "forty" || w == "hours")
    }

    #[test]
    fn a_line_ending_in_a_colon_runs_on_into_the_next() {
        assert_eq!(
            joined(&[
                "A Contribution to a Discussion:",
                "Their Roots",
                "Their Aims"
            ]),
            "A Contribution to a Discussion: Their Roots — Their Aims"
        );
    }

    #[test]
    fn a_one_word_rubric_over_a_dated_title_is_a_kicker() {
        let h = head(&[
            "Karl Roth",
            "Politics",
            "The Assassination of a Pasha",
            "(12 May 1922)",
        ]);
        assert_eq!(h.title.as_deref(), Some("The Assassination of a Pasha"));
        assert_eq!(h.subtitle.as_deref(), Some("Politics"));
    }

    #[test]
    fn an_undated_work_keeps_its_title_over_the_subtitle() {
        let h = head(&[
            "Moissaye Olgin",
            "Trotskyism",
            "Counter-Revolution in Disguise",
        ]);
        assert_eq!(h.title.as_deref(), Some("Trotskyism"));
    }

    #[test]
    fn a_long_deck_is_the_subtitle() {
        let h = head(&[
            "Michael Kidd",
            "Tropical Trotskyism",
            "The cruel dilemma of socialists in a poor country, getting poorer",
            "(3 July 1969)",
        ]);
        assert_eq!(h.title.as_deref(), Some("Tropical Trotskyism"));
    }

    #[test]
    fn a_bracketed_attribution_names_the_author() {
        let h = head(&["[Peter Sedgwick]", "FOCUMENT", "(1969)"]);
        assert_eq!(h.author.as_deref(), Some("Peter Sedgwick"));
        assert_eq!(h.title.as_deref(), Some("FOCUMENT"));
        let h = head(&[
            "[Cuban History, Missile Crisis]",
            "Part 4: Continued Aggression",
        ]);
        assert_eq!(h.author, None);
    }

    #[test]
    fn a_kicker_may_name_the_author() {
        let h = head(&["Krupskaya’s “Reminiscences of Lenin”", "Second Emigration"]);
        assert_eq!(h.author.as_deref(), Some("Krupskaya"));
        assert_eq!(h.title.as_deref(), Some("Second Emigration"));
        let h = head(&["Mandel on Broué", "Understanding Trotsky", "(1989)"]);
        assert_eq!(h.author.as_deref(), Some("Mandel"));
        assert_eq!(h.title.as_deref(), Some("Understanding Trotsky"));
        // Alone, such a line is the title.
        let h = head(&["Marx on Ireland", "(1867)"]);
        assert_eq!(h.title.as_deref(), Some("Marx on Ireland"));
        assert_eq!(kicker_author("Notes on Eurocommunism"), None);
    }

    #[test]
    fn a_work_name_and_year_line_gives_all_three() {
        let h = head(&["The Trade Unions: Theory and Practice, Lance Sharkey. 1961"]);
        assert_eq!(h.author.as_deref(), Some("Lance Sharkey"));
        assert_eq!(
            h.title.as_deref(),
            Some("The Trade Unions: Theory and Practice")
        );
        assert_eq!(h.date.as_deref(), Some("1961"));
    }

    #[test]
    fn author_title_date() {
        let h = head(&["Rosa Weiss", "On the Tram Strike", "(3 May 1921)"]);
        assert_eq!(h.author.as_deref(), Some("Rosa Weiss"));
        assert_eq!(h.title.as_deref(), Some("On the Tram Strike"));
        assert_eq!(h.date.as_deref(), Some("3 May 1921"));
        assert!(!h.doubtful);
    }

    #[test]
    fn a_short_kicker_stands_above_the_title() {
        let h = head(&[
            "J. Brand",
            "Letters",
            "To the Dockers of Hull",
            "(June 1911)",
        ]);
        assert_eq!(h.title.as_deref(), Some("To the Dockers of Hull"));
        assert_eq!(h.subtitle.as_deref(), Some("Letters"));
    }

    #[test]
    fn a_long_second_line_is_the_subtitle() {
        let h = head(&[
            "P. Olsen",
            "The Harvest and the Markets in 1923",
            "A Survey of the Grain Trade",
            "(October 1923)",
        ]);
        assert_eq!(
            h.title.as_deref(),
            Some("The Harvest and the Markets in 1923")
        );
        assert_eq!(h.subtitle.as_deref(), Some("A Survey of the Grain Trade"));
    }

    #[test]
    fn by_line_below_the_title() {
        let h = head(&["Where We Stand", "by Anna Kowalska"]);
        assert_eq!(h.title.as_deref(), Some("Where We Stand"));
        assert_eq!(h.author.as_deref(), Some("Anna Kowalska"));
    }

    #[test]
    fn a_byline_with_its_date() {
        let h = head(&["The Forgotten Strike", "By Jane Doe · March 3, 2021"]);
        assert_eq!(h.title.as_deref(), Some("The Forgotten Strike"));
        assert_eq!(h.author.as_deref(), Some("Jane Doe"));
        assert_eq!(h.date.as_deref(), Some("March 3, 2021"));
        let h = head(&["The Forgotten Strike", "3 March 2021 | Jane Doe"]);
        assert_eq!(h.author.as_deref(), Some("Jane Doe"));
        assert_eq!(byline_and_date("Paris · March 1871"), None);
    }

    #[test]
    fn name_colon_work() {
        let h = head(&["Mark Hollis: A Miner Looks at Coal", "Chapter 2: Wages"]);
        assert_eq!(h.author.as_deref(), Some("Mark Hollis"));
        // The page is the chapter it names; the work is its subtitle.
        assert_eq!(h.title.as_deref(), Some("Chapter 2: Wages"));
        assert_eq!(h.subtitle.as_deref(), Some("A Miner Looks at Coal"));
    }

    #[test]
    fn a_head_of_a_name_and_a_year_has_no_title() {
        let h = head(&["William Z. Foster", "1926"]);
        assert_eq!(h.title, None);
        assert_eq!(h.author.as_deref(), Some("William Z. Foster"));
        assert_eq!(h.date.as_deref(), Some("1926"));
    }

    #[test]
    fn a_bare_part_label_labels_the_line_above() {
        let h = head(&["Ada Brook", "The Long Strike", "Chapter 5"]);
        assert_eq!(h.title.as_deref(), Some("The Long Strike"));
        assert_eq!(h.subtitle.as_deref(), Some("Chapter 5"));
        let h = head(&[
            "Ada Brook",
            "The Long Strike",
            "Part Two",
            "Chapter 5 The Lockout",
        ]);
        assert_eq!(h.title.as_deref(), Some("Chapter 5 The Lockout"));
        assert_eq!(h.subtitle.as_deref(), Some("The Long Strike — Part Two"));
    }

    #[test]
    fn a_rubric_over_a_title_is_no_title() {
        let h = head(&[
            "William Gallacher",
            "Book Review",
            "An Intimate Appreciation of Lenin",
        ]);
        assert_eq!(
            h.title.as_deref(),
            Some("An Intimate Appreciation of Lenin")
        );
        assert_eq!(h.author.as_deref(), Some("William Gallacher"));
        // Alone, a rubric is the only title there is.
        assert_eq!(head(&["Obituary"]).title.as_deref(), Some("Obituary"));
    }

    #[test]
    fn a_name_made_of_the_texts_words_is_no_author() {
        let h = head(&["9 March 2020", "Forty Hours: The Dockers’ Strike"]);
        assert_eq!(h.title.as_deref(), Some("Forty Hours: The Dockers’ Strike"));
        assert_eq!(h.author, None);
    }

    #[test]
    fn author_lines_keep_initials_and_a_place_after_a_name() {
        let v = |xs: &[&str]| Some(xs.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(names("J.P.C."), v(&["J.P.C."]));
        assert_eq!(names("Gilles Dauvé."), v(&["Gilles Dauvé"]));
        assert_eq!(
            names("Gruppe Internationale Kommunisten, Holland"),
            v(&["Gruppe Internationale Kommunisten, Holland"])
        );
        assert_eq!(names("Marx, Engels"), v(&["Marx", "Engels"]));
        assert_eq!(
            names("Giacomo Turci, Juan Fajardo"),
            v(&["Giacomo Turci", "Juan Fajardo"])
        );
    }

    #[test]
    fn a_date_alone_gives_no_title() {
        let h = head(&["Saturday, 3 May 1919"]);
        assert_eq!(h.title, None);
        assert_eq!(h.date.as_deref(), Some("Saturday, 3 May 1919"));
    }

    #[test]
    fn name_with_year_and_a_body_as_author() {
        let h = head(&["Ida Berg, 1931", "The Rent Question"]);
        assert_eq!(h.author.as_deref(), Some("Ida Berg"));
        assert_eq!(h.date.as_deref(), Some("1931"));
        let h = head(&["Executive Committee of the Seamen’s League", "To All Ships"]);
        assert_eq!(h.title.as_deref(), Some("To All Ships"));
        assert!(h.author.is_some());
    }

    #[test]
    fn a_heading_of_the_markup_wins() {
        let lines = vec![
            HeadLine {
                text: "Readers Write".into(),
                line: 1,
                heading: Some(3),
            },
            HeadLine {
                text: "Mira Lind".into(),
                line: 2,
                heading: Some(1),
            },
        ];
        assert_eq!(read(&lines, &|_| false).title.as_deref(), Some("Mira Lind"));
    }
}
