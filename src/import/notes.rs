//! Notes in raw text: the items of a trailing notes list (`1.`, `[1]`, `(1)`, `1)`, `*`)
//! and the markers in the text that point to them (`RP[1]`, `Hernandez [2]`, `word(3)`,
//! `word*`), told apart from editorial brackets (`Ver[eeken]`, `[sic]`, `[1895]`).

/// How the text marks a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerStyle {
    /// `[1]`
    Bracket,
    /// `(1)`
    Paren,
    /// `word,1 next` or `end.”1 Next`: a superscript number as a copy flattens it.
    Bare,
}

/// Abbreviations that a number follows in citations (`No.23`, `Vol.2`, `p.8`): a number
/// glued to them is no note marker.
const CITING: &[&str] = &[
    "no", "nos", "vol", "vols", "p", "pp", "art", "arts", "ch", "chap", "sec", "fig", "para", "n",
    "nr", "op", "cit", "ed", "s", "t", "bd", "tome",
];

/// The label of an item that a list numbers by its place alone: a wiki's reference,
/// `^ Rougerie, Jacques (2004)…`, whose caret links back to the marker (and `^ a b …`
/// to each of several).
pub(crate) const IN_ORDER: &str = "^";

/// Reads the start of a notes-list item: returns its label and the rest of the line.
pub(crate) fn item(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    if let Some(r) = t.strip_prefix(IN_ORDER).filter(|r| r.starts_with(' ')) {
        let mut rest = r.trim_start();
        // The back links of a reference cited several times: `a b c`.
        while let Some((letter, after)) = rest.split_once(' ') {
            if letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_lowercase()) {
                rest = after.trim_start();
            } else {
                break;
            }
        }
        return (!rest.is_empty()).then(|| (IN_ORDER.to_string(), rest));
    }
    let (label, rest) = if let Some(r) = t.strip_prefix('[') {
        let end = r.find(']')?;
        (&r[..end], &r[end + 1..])
    } else if let Some(r) = t.strip_prefix('(') {
        let end = r.find(')')?;
        (&r[..end], &r[end + 1..])
    } else if t.starts_with('*') {
        let n = t.chars().take_while(|&c| c == '*').count();
        (&t[..n], &t[n..])
    } else {
        let n = t.chars().take_while(char::is_ascii_digit).count();
        let mut end = n;
        if t[n..].starts_with('*') {
            end += 1;
        }
        let r = &t[end..];
        let r = r.strip_prefix('.').or_else(|| r.strip_prefix(')'))?;
        (&t[..end], r)
    };
    let digits = label.trim_end_matches('*');
    // A letter in brackets labels a note too (`[A]`, `(b)`); a bare `A.` heads a part.
    let letter = label.len() == 1
        && label.bytes().all(|b| b.is_ascii_alphabetic())
        && t.starts_with(['[', '(']);
    let valid =
        (!digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()))
            || (digits.is_empty() && !label.is_empty() && label.len() <= 4)
            || letter;
    let rest_t = rest.trim_start();
    // The label must be followed by space (or glued text for `[1]`/`*`, or a sentence
    // glued to its point, `23.This`) and some text.
    let glued = rest.len() == rest_t.len()
        && t.starts_with(|c: char| c.is_ascii_digit())
        && !(t[label.len()..].starts_with(['.', ')']) && rest.starts_with(char::is_uppercase));
    if !valid || rest_t.is_empty() || glued {
        return None;
    }
    Some((label.to_string(), rest_t))
}

/// Reads an item labelled by its number and a space only (`48 See Chapter 15…`): a form
/// too loose to read anywhere but under a notes heading. The text must start as a
/// sentence or a citation does (a capital, a quotation mark).
pub(crate) fn bare_item(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    let n = t.chars().take_while(char::is_ascii_digit).count();
    let rest = t[n..].strip_prefix(' ')?.trim_start();
    let opens = rest.starts_with(|c: char| c.is_uppercase() || "\"“‘'(".contains(c));
    (n > 0 && n <= 3 && opens).then(|| (t[..n].to_string(), rest))
}

/// Reads a notes-list label standing alone on its line (`17.`, `[17]`), as a copy gives
/// an item whose text was set in the next paragraph.
pub(crate) fn lone_label(line: &str) -> Option<String> {
    let probe = format!("{} x", line.trim());
    let (label, rest) = item(&probe)?;
    let numbered = !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit());
    (rest == "x" && numbered).then_some(label)
}

/// Reads a notes-list item; `bare` (under a notes heading) lets a number and a space
/// label it.
pub(crate) fn list_item(line: &str, bare: bool) -> Option<(String, &str)> {
    item(line).or_else(|| {
        if bare {
            bare_item(line).or_else(|| letter_item(line))
        } else {
            None
        }
    })
}

/// Reads an item labelled by a capital letter and its point (`A. In the printed
/// version…`): a part's heading anywhere but under a notes heading, where it labels an
/// editor's note the text marks `[A]`.
pub(crate) fn letter_item(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    let mut cs = t.chars();
    let letter = cs.next().filter(char::is_ascii_uppercase)?;
    let rest = cs.as_str().strip_prefix(". ")?.trim_start();
    let opens = rest.starts_with(|c: char| c.is_uppercase() || "\"“‘'(".contains(c));
    opens.then(|| (letter.to_string(), rest))
}

/// Says whether a sequence of labels runs as notes do: 1, 2, 3… (editor's notes `1*`
/// numbered apart), or *, **, ***.
pub(crate) fn sequence_ok(labels: &[String], first_free: bool) -> bool {
    let mut last_num: Option<u32> = None;
    let mut last_ed: Option<u32> = None;
    let mut stars = 0;
    let mut last_letter: Option<char> = None;
    for l in labels {
        // Lettered notes (`[A]`, `[b]`) run through the alphabet.
        let mut cs = l.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            if c.is_ascii_alphabetic() {
                let ok = match last_letter {
                    None => c.eq_ignore_ascii_case(&'a') || first_free,
                    Some(p) => c as u32 == p as u32 + 1,
                };
                if !ok {
                    return false;
                }
                last_letter = Some(c);
                continue;
            }
        }
        if l.chars().all(|c| c == '*' || c == '†' || c == '‡') {
            if l.chars().count() != stars + 1 {
                return false;
            }
            stars += 1;
            continue;
        }
        let editorial = l.ends_with('*');
        let Ok(n) = l.trim_end_matches('*').parse::<u32>() else {
            return false;
        };
        let last = if editorial {
            &mut last_ed
        } else {
            &mut last_num
        };
        let ok = match *last {
            None => n == 1 || first_free,
            Some(p) => n == p + 1,
        };
        if !ok {
            return false;
        }
        *last = Some(n);
    }
    !labels.is_empty()
}

/// Says whether a list's numbers run from 1 upwards with a few numbers skipped, as a
/// transcriber's slip leaves them (`… 17, 18, 20, 21 …`): no step back, no step over more
/// than two numbers, and at most one number in eight missing. Such a count alone is weak
/// evidence; a caller takes it only with every label marked in the text.
pub(crate) fn sequence_with_gaps(labels: &[String]) -> bool {
    let nums: Option<Vec<u32>> = labels.iter().map(|l| l.parse().ok()).collect();
    let Some(nums) = nums else { return false };
    let (Some(&first), Some(&last)) = (nums.first(), nums.last()) else {
        return false;
    };
    let steps_ok = nums.windows(2).all(|w| w[1] > w[0] && w[1] - w[0] <= 3);
    // Counted only once the numbers rise: then the span holds every one of them.
    steps_ok && first == 1 && {
        let missing = (last - first + 1) as usize - nums.len();
        missing * 8 <= nums.len()
    }
}

/// The runs of numbers a list of numbered notes skips, each as its first and last number
/// and the label after it: `1, 2, 5` gives `[(3, 4, "5")]`.
pub(crate) fn skipped_numbers(labels: &[String]) -> Vec<(u32, u32, &str)> {
    let mut out = Vec::new();
    let mut last: Option<u32> = None;
    for l in labels {
        let Ok(n) = l.parse::<u32>() else { continue };
        if let Some(p) = last.filter(|&p| n > p + 1) {
            out.push((p + 1, n - 1, l.as_str()));
        }
        last = Some(n);
    }
    out
}

/// A piece of a paragraph: text, an address, or a note marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Url(&'a str),
    Marker(String),
}

/// Splits a paragraph's text into text, addresses and the markers of the given labels.
/// A space before a marker is dropped: the mark belongs to the word.
pub(crate) fn pieces<'a>(text: &'a str, labels: &[String], style: MarkerStyle) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if let Some(len) = url_at(text, i) {
            push_text(&mut out, &text[start..i]);
            out.push(Piece::Url(&text[i..i + len]));
            i += len;
            start = i;
            continue;
        }
        if let Some((label, len)) = marker_at(text, i, labels, style) {
            let before = text[start..i].trim_end_matches(' ');
            push_text(&mut out, before);
            out.push(Piece::Marker(label));
            i += len;
            start = i;
            continue;
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    push_text(&mut out, &text[start..]);
    out
}

/// The labels of the markers in a text, in order.
pub(crate) fn markers(text: &str, labels: &[String], style: MarkerStyle) -> Vec<String> {
    pieces(text, labels, style)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Marker(l) => Some(l),
            _ => None,
        })
        .collect()
}

fn push_text<'a>(out: &mut Vec<Piece<'a>>, s: &'a str) {
    if !s.is_empty() {
        out.push(Piece::Text(s));
    }
}

/// The length of an address (`https://…`, `www.…`) starting at `i`, if one does.
pub(crate) fn url_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let starts =
        rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
    let boundary = i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric());
    if !starts || !boundary {
        return None;
    }
    let mut end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    // Trailing punctuation belongs to the sentence, a closing bracket to the text unless
    // the address opened one.
    while end > 0 {
        let c = rest[..end].chars().last()?;
        let unbalanced =
            c == ')' && rest[..end].matches('(').count() < rest[..end].matches(')').count();
        if ".,;:!?'\"’”»".contains(c) || unbalanced || c == ']' {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    (end > 8).then_some(end)
}

/// The label and length of a note marker starting at `i`.
fn marker_at(
    text: &str,
    i: usize,
    labels: &[String],
    style: MarkerStyle,
) -> Option<(String, usize)> {
    let rest = &text[i..];
    let before = text[..i].chars().last();
    let after_word = before.is_some_and(|c| !c.is_whitespace()) || text[..i].trim_end().len() < i;
    let (open, close) = match style {
        MarkerStyle::Bracket => ('[', ']'),
        MarkerStyle::Paren | MarkerStyle::Bare => ('(', ')'),
    };
    if let Some(r) = rest.strip_prefix(open) {
        let end = r.find(close)?;
        let label = &r[..end];
        // A star may only decorate a number the list gives bare (`(*1)` for `(1)`).
        let bare = label.trim_matches('*');
        let known = |l: &str| labels.iter().any(|x| x == l);
        let label = if !known(label) && known(bare) {
            bare
        } else {
            label
        };
        if known(label) && after_word && i > 0 {
            return Some((label.to_string(), end + 2));
        }
        return None;
    }
    if style == MarkerStyle::Bare && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return bare_marker(text, i, labels);
    }
    if rest.starts_with('*') {
        let n = rest.chars().take_while(|&c| c == '*').count();
        let label = &rest[..n];
        let glued = before.is_some_and(|c| !c.is_whitespace());
        let then = rest[n..].chars().next();
        let ends = then.is_none_or(|c| c.is_whitespace() || ".,;:!?)’”\"'".contains(c));
        if glued && ends && labels.iter().any(|l| l == label) {
            return Some((label.to_string(), n));
        }
    }
    None
}

/// Mends a notes list's slips of numbering (`7.`, `3.`, `9.` for `7.`, `8.`, `9.`): an
/// item whose number repeats an earlier one, between two numbers one apart from the one
/// missing, takes that number. Returns the items mended.
pub(crate) fn mended_items(labels: &mut [String]) -> Vec<usize> {
    let num = |l: &String| l.parse::<u32>().ok();
    let mut out = Vec::new();
    for k in 1..labels.len().saturating_sub(1) {
        let (Some(prev), Some(next)) = (num(&labels[k - 1]), num(&labels[k + 1])) else {
            continue;
        };
        let missing = (prev + 1).to_string();
        if next == prev + 2 && labels[..k].contains(&labels[k]) && !labels.contains(&missing) {
            labels[k] = missing;
            out.push(k);
        }
    }
    out
}

/// A marker read as another note's: the `occurrence`-th (from 0) marker `[from]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Repair {
    pub(crate) from: String,
    pub(crate) occurrence: usize,
    pub(crate) to: String,
}

/// Finds the markers a page mistyped (`[10]` written for `[15]`): a note no marker
/// points to, and a marker given a second time exactly where that note's marker would
/// stand — after the first marker of the note before it and before the first of the note
/// after it. Where one such marker alone fits, it is taken as the missing note's; a note
/// referenced twice on purpose keeps both references.
pub(crate) fn repairs(labels: &[String], markers: &[String]) -> Vec<Repair> {
    let first = |l: &String| markers.iter().position(|m| m == l);
    let mut out = Vec::new();
    for (k, missing) in labels.iter().enumerate() {
        if first(missing).is_some() {
            continue;
        }
        let after = match k.checked_sub(1) {
            Some(p) => match first(&labels[p]) {
                Some(i) => i + 1,
                None => continue,
            },
            None => 0,
        };
        let before = match labels.get(k + 1) {
            Some(n) => match first(n) {
                Some(i) => i,
                None => continue,
            },
            None => markers.len(),
        };
        // Markers in the gap that repeat one given earlier.
        let fits: Vec<usize> = (after..before)
            .filter(|&i| markers[..i].contains(&markers[i]))
            .collect();
        if let [i] = fits[..] {
            let from = markers[i].clone();
            let occurrence = markers[..i].iter().filter(|m| **m == from).count();
            out.push(Repair {
                from,
                occurrence,
                to: missing.clone(),
            });
        }
    }
    out
}

/// A bare number glued to the word or the punctuation it follows (`Chamberlain,1 letter`,
/// `Jacobins.”1 The`), not a figure (`35.7`, `1,200`), a citation (`No.23`) or a word's
/// part (`B52`).
fn bare_marker(text: &str, i: usize, labels: &[String]) -> Option<(String, usize)> {
    let rest = &text[i..];
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    let label = &rest[..n];
    let after = rest[n..].chars().next();
    if !labels.iter().any(|l| l == label)
        || after.is_some_and(|c| {
            c.is_alphanumeric()
                || c == '.' && rest[n + 1..].starts_with(|c: char| c.is_ascii_digit())
        })
    {
        return None;
    }
    let head = &text[..i];
    let mut back = head.chars().rev();
    let prev = back.next()?;
    let glued_to = |c: char| c.is_alphabetic() || ".,;:!?”’\")]".contains(c);
    if !glued_to(prev) {
        return None;
    }
    // The word the number follows: letters, not a figure, not a citing abbreviation.
    let word: String = head
        .trim_end_matches(|c: char| ".,;:!?”’\")]".contains(c))
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // A year ending a sentence may carry one too when the next sentence starts after it
    // (`in 1910.2 A colossal`); a figure (`12.5 per cent`) goes on in lower case.
    let year = word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && prev == '.'
        && rest[n..].starts_with(' ')
        && rest[n + 1..].starts_with(char::is_uppercase);
    if year {
        return Some((label.to_string(), n));
    }
    if letters < 2
        || word.chars().any(|c| c.is_ascii_digit())
        || CITING.contains(&word.to_lowercase().as_str()) && prev == '.'
    {
        return None;
    }
    Some((label.to_string(), n + closing_paren(head, &rest[n..])))
}

/// The length of the `)` a number set as `1)` carries (`economy”,1) i.e.`), which closes
/// no parenthesis of the text: it goes with the marker.
fn closing_paren(head: &str, after: &str) -> usize {
    // A `)` with nothing open before it closes nothing (an earlier marker's own).
    let depth = head.chars().fold(0u32, |d, c| match c {
        '(' => d + 1,
        ')' => d.saturating_sub(1),
        _ => d,
    });
    usize::from(after.starts_with(')') && depth == 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bare_superscripts_as_a_copy_gives_them() {
        let ls = labels(&["1", "2", "3", "4"]);
        let p = pieces(
            "Chamberlain,1 letter and Jacobins.”2 The 35.7 per cent, No.3 and B3 bombers in \
             1921.3 and 1910.3 tons; in 1910.4 A colossal",
            &ls,
            MarkerStyle::Bare,
        );
        let marks: Vec<_> = p
            .iter()
            .filter_map(|x| match x {
                Piece::Marker(l) => Some(l.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(marks, ["1", "2", "4"]);
    }

    #[test]
    fn a_bare_number_set_as_1_paren_takes_its_paren() {
        let ls = labels(&["1", "2"]);
        let p = pieces(
            "in its economy”,1) i.e. its structure (as in Capital,2) here",
            &ls,
            MarkerStyle::Bare,
        );
        let texts: Vec<_> = p
            .iter()
            .map(|x| match x {
                Piece::Marker(l) => format!("<{l}>"),
                Piece::Text(t) | Piece::Url(t) => t.to_string(),
            })
            .collect();
        assert_eq!(
            texts.concat(),
            "in its economy”,<1> i.e. its structure (as in Capital,<2>) here"
        );
    }

    use super::*;

    fn labels(ls: &[&str]) -> Vec<String> {
        ls.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_number_and_a_space_label_an_item_only_under_a_heading() {
        assert_eq!(
            list_item("48 See Chapter 15 in Marxism and Freedom.", true),
            Some(("48".to_string(), "See Chapter 15 in Marxism and Freedom."))
        );
        assert_eq!(list_item("48 See Chapter 15.", false), None);
        assert_eq!(list_item("48 people came to the hall.", true), None);
        assert_eq!(list_item("1917 Was the year.", true), None);
    }

    #[test]
    fn a_label_alone_on_its_line() {
        assert_eq!(lone_label("17. ").as_deref(), Some("17"));
        assert_eq!(lone_label("[17]").as_deref(), Some("17"));
        assert_eq!(lone_label("17. Text"), None);
        assert_eq!(lone_label("*"), None);
    }

    #[test]
    fn items_in_every_style() {
        assert_eq!(
            item("1. La Révolution"),
            Some(("1".into(), "La Révolution"))
        );
        assert_eq!(item("[2] Jesus"), Some(("2".into(), "Jesus")));
        assert_eq!(item("(3) Trans"), Some(("3".into(), "Trans")));
        assert_eq!(item("4) Natalia"), Some(("4".into(), "Natalia")));
        assert_eq!(item("** Second"), Some(("**".into(), "Second")));
        assert_eq!(item("1*. Editor"), Some(("1*".into(), "Editor")));
        assert_eq!(item("[1*] Editor"), Some(("1*".into(), "Editor")));
        assert_eq!(item("[A] Organisation"), Some(("A".into(), "Organisation")));
        assert_eq!(item("A. Introduction"), None);
        assert_eq!(item("23.This does"), Some(("23".into(), "This does")));
        assert_eq!(item("1.5 million"), None);
        assert_eq!(item("1919. The year"), None);
        assert_eq!(item("[Kronstadt 1921] was"), None);
    }

    #[test]
    fn a_mistyped_marker_is_read_as_the_missing_notes() {
        let ls = labels(&["1", "2", "3", "4", "5"]);
        let seen = labels(&["1", "2", "3", "1", "5"]);
        assert_eq!(
            repairs(&ls, &seen),
            [Repair {
                from: "1".into(),
                occurrence: 1,
                to: "4".into()
            }]
        );
        // A note referenced twice on purpose, every note referenced: nothing to repair.
        assert!(repairs(&ls, &labels(&["1", "2", "3", "4", "2", "5"])).is_empty());
        // Two markers could be the missing one's: no guess.
        assert!(repairs(&ls, &labels(&["1", "2", "3", "1", "2", "5"])).is_empty());
    }

    #[test]
    fn a_slip_in_a_notes_lists_numbering_is_mended() {
        let mut ls = labels(&["3", "6", "7", "3", "9", "10"]);
        assert_eq!(mended_items(&mut ls), [3]);
        assert_eq!(ls, labels(&["3", "6", "7", "8", "9", "10"]));
        // Two lists, each from 1: nothing repeats between neighbours one apart.
        let mut ls = labels(&["1", "2", "3", "1", "2"]);
        assert!(mended_items(&mut ls).is_empty());
    }

    #[test]
    fn a_count_with_a_number_skipped() {
        let mut run: Vec<String> = (1..=18).chain(20..=31).map(|n| n.to_string()).collect();
        assert!(sequence_with_gaps(&run));
        assert_eq!(skipped_numbers(&run), vec![(19, 19, "20")]);
        assert_eq!(skipped_numbers(&labels(&["1", "5"])), vec![(2, 4, "5")]);
        // Too many missing, a step back, a start past 1, a label not a number.
        assert!(!sequence_with_gaps(&labels(&["1", "3", "5"])));
        assert!(!sequence_with_gaps(&labels(&["1", "2", "4", "3"])));
        assert!(!sequence_with_gaps(&labels(&["2", "3", "4"])));
        assert!(!sequence_with_gaps(&labels(&["9", "1"])));
        run.push("*".into());
        assert!(!sequence_with_gaps(&run));
        assert!(skipped_numbers(&labels(&["1", "2", "3"])).is_empty());
    }

    #[test]
    fn a_letter_labels_an_item_only_under_a_heading() {
        let line = "A. In the printed version the sentence read otherwise.";
        assert_eq!(list_item(line, false), None);
        assert_eq!(
            list_item(line, true),
            Some((
                "A".into(),
                "In the printed version the sentence read otherwise."
            ))
        );
        assert_eq!(letter_item("A. and so on"), None);
    }

    #[test]
    fn a_wiki_reference_is_labelled_by_its_place() {
        assert_eq!(
            item("^ a b Merriman, John (2014)."),
            Some((IN_ORDER.into(), "Merriman, John (2014)."))
        );
        assert_eq!(
            item("^ Rougerie (2004)."),
            Some((IN_ORDER.into(), "Rougerie (2004)."))
        );
        assert_eq!(item("^caret"), None);
    }

    #[test]
    fn an_item_glued_to_its_closing_bracket() {
        assert_eq!(
            item("1)Contribution to a Critique."),
            Some(("1".into(), "Contribution to a Critique."))
        );
        assert_eq!(item("1)and so on"), None);
    }

    #[test]
    fn sequences() {
        assert!(sequence_ok(&labels(&["1", "2", "3"]), false));
        assert!(!sequence_ok(&labels(&["1", "3"]), false));
        assert!(sequence_ok(&labels(&["1", "1*", "2"]), false));
        assert!(sequence_ok(&labels(&["*", "**"]), false));
        assert!(!sequence_ok(&labels(&["4", "5"]), false));
        assert!(sequence_ok(&labels(&["4", "5"]), true));
        assert!(sequence_ok(&labels(&["A", "B", "C"]), false));
        assert!(!sequence_ok(&labels(&["A", "C"]), false));
    }

    #[test]
    fn a_star_decorating_a_listed_number_marks_it() {
        let ls = labels(&["1", "2"]);
        let p = pieces("Beheaded (*1) and (2)", &ls, MarkerStyle::Paren);
        assert_eq!(
            p,
            vec![
                Piece::Text("Beheaded"),
                Piece::Marker("1".into()),
                Piece::Text(" and"),
                Piece::Marker("2".into()),
            ]
        );
    }

    #[test]
    fn markers_but_not_editorial_brackets() {
        let ls = labels(&["1", "2", "4"]);
        let p = pieces(
            "RP[1] and Ver[eeken] and Hernandez [2] and N.I.[4] [1895]",
            &ls,
            MarkerStyle::Bracket,
        );
        assert_eq!(
            p,
            vec![
                Piece::Text("RP"),
                Piece::Marker("1".into()),
                Piece::Text(" and Ver[eeken] and Hernandez"),
                Piece::Marker("2".into()),
                Piece::Text(" and N.I."),
                Piece::Marker("4".into()),
                Piece::Text(" [1895]"),
            ]
        );
    }

    #[test]
    fn editors_markers_glued_or_spaced() {
        let ls = labels(&["1", "1*"]);
        let p = pieces(
            "responsibility.[1] and the deputies[1*] and plank 10 [1*]",
            &ls,
            MarkerStyle::Bracket,
        );
        assert_eq!(
            p,
            vec![
                Piece::Text("responsibility."),
                Piece::Marker("1".into()),
                Piece::Text(" and the deputies"),
                Piece::Marker("1*".into()),
                Piece::Text(" and plank 10"),
                Piece::Marker("1*".into()),
            ]
        );
        assert!(sequence_ok(&labels(&["1", "2", "1*", "2*"]), false));
    }

    #[test]
    fn stars_and_urls() {
        let ls = labels(&["*"]);
        let p = pieces(
            "the 27th*. See https://x.org/a--b... now",
            &ls,
            MarkerStyle::Bracket,
        );
        assert_eq!(
            p,
            vec![
                Piece::Text("the 27th"),
                Piece::Marker("*".into()),
                Piece::Text(". See "),
                Piece::Url("https://x.org/a--b"),
                Piece::Text("... now"),
            ]
        );
    }
}
