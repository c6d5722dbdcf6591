//! The header a page's markup gives, read as one structure: the headings above its text,
//! (`p.information`). The `<h1>` is the title; a heading that is a name is the author,
//! one that is a date the date; the other headings are kept as the subtitle, so that
//! nothing of the header is lost.

use super::head::{
    self, author_title, by_line, collective, commonness, name_and_year, unbracketed,
};
use super::unit::Hint;
use super::{fields, lexicon, tidy_title, trailing_year};
use super::{Para, RawDocument};
use crate::model::text::word_count;

/// Reads the header that a page's headings and header fields make; returns it, the
/// blocks inside it that are no header (a contents list above the fields: they open the
/// body) and where the body starts. `None` when the page's top has no heading markup (a text copy).
/// `common` says whether the text uses a word in lower case: a heading made of such
/// words (`Article XXXVIII Joint Action`) names no person.
pub(super) fn markup_head(
    paras: &[Para],
    common: &dyn Fn(&str) -> bool,
) -> Option<(RawDocument, Vec<usize>, usize)> {
    // The header: the headings at the top, then the fields, up to the first other block.
    let mut end = 0;
    let mut seen_fields = false;
    // Pictures among the headings (a banner): no header line, they open the body.
    let mut aside = Vec::new();
    // Whether a heading stands above this block.
    let mut headed = false;
    while end < paras.len() {
        let p = &paras[end];
        // A heading that numbers a section alone in Roman numerals (`<h2>I</h2>`; a
        // number in digits may be a year), one under the lines the markup calls the
        // author's and the date (pandoc's title block), or a part's name under the
        // title (`<h1>…</h1>`, a flag, `<h4>Preamble</h4>`), begins the text.
        let opens_text = end > 0
            && p.heading().is_some()
            && (p.single().is_some_and(|l| lexicon::roman(l.trim()))
                || header_line(&paras[end - 1])
                || (headed && p.single().is_some_and(lexicon::part_word)));
        if opens_text {
            break;
        }
        headed |= p.heading().is_some();
        if picture(p) && !seen_fields {
            aside.push(end);
        } else if p.hint() == Some(&Hint::Fields) {
            seen_fields = true;
        } else if p.hint() == Some(&Hint::TitleBar) && !seen_fields {
            // The title bar that names the author (`Edgar Hardcastle`).
        } else if !seen_fields
            && end > 0
            && (byline(p).is_some() || header_line(p) || name_or_date(p))
        {
            // A by-line under the headings (`<p><em>by V.I. Lenin</em></p>`), a line the
            // markup calls the author's or the date (pandoc's `<p class="author">`), or
            // one that is nothing but a name or a date (a post's `Tim O’Reilly` / `Oct
            // 19, 2016`).
        } else if !seen_fields && end > 0 && kicker_between(paras, end) {
            // A kicker set as a paragraph between headings (`<p><strong>A Contribution
            // to an International Discussion:</strong></p>` over the `<h1>`).
        } else if seen_fields || p.heading().is_none() || p.hint().is_some_and(|h| *h != Hint::Body)
        {
            // A heading of the running text is still the head's (a post whose title
            // stands inside its body).
            break;
        }
        end += 1;
    }
    // Header fields a little below the headings (after the page's contents list): the
    // blocks between open the body.
    if !seen_fields {
        if let Some(f) =
            (end..paras.len().min(end + 3)).find(|&k| paras[k].hint() == Some(&Hint::Fields))
        {
            aside.extend(end..f);
            end = f;
            while end < paras.len() && paras[end].hint() == Some(&Hint::Fields) {
                end += 1;
            }
        }
    }
    let heads: Vec<&Para> = paras[..end]
        .iter()
        .enumerate()
        .filter(|(k, p)| {
            !aside.contains(k)
                && (p.heading().is_some()
                    || p.hint() == Some(&Hint::TitleBar)
                    || byline(p).is_some()
                    || header_line(p)
                    || name_or_date(p)
                    || kicker_between(paras, *k))
        })
        .map(|(_, p)| p)
        .collect();
    if heads.is_empty() || end >= paras.len() {
        return None;
    }
    // Each name its own: `Feminism and Family Names` is no two writers where the text
    // speaks of family names.
    let names = |t: &str| {
        head::names(t).filter(|ns| {
            commonness(t, common) < 3.0 && ns.iter().all(|n| commonness(n, common) < 3.0)
        })
    };
    // Each heading, and each line of a title bar (`Arthur Ransome` / `Russia in 1919`);
    // a title bar ranks below every heading: it names the author or the work.
    let items: Vec<(u8, String)> = heads
        .iter()
        .flat_map(|p| match p.heading() {
            Some(level) => vec![(level, p.joined().trim().to_string())],
            None if p.hint() == Some(&Hint::TitleBar) => {
                p.lines.iter().map(|l| (7, l.trim().to_string())).collect()
            }
            None if p.lines.len() > 1 && byline(p).is_some() => {
                p.lines.iter().map(|l| (6, l.trim().to_string())).collect()
            }
            None => vec![(6, p.joined().trim().to_string())],
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut doc = RawDocument::default();
    let mut rest: Vec<(u8, String)> = Vec::new();
    // Whether the author so far is only the title bar's.
    let mut bar_author = false;
    let h1s = items.iter().filter(|(l, _)| *l == 1).count();
    // A heading under the `<h1>` that reads as a title (neither a name nor a date): a
    // name in the `<h1>` is the author's (`<h1>James P. Cannon</h1><h3>Gangsterism!</h3>`).
    let first_h1 = items.iter().position(|(l, _)| *l == 1);
    let titled_below = first_h1.is_some_and(|f| {
        items[f + 1..].iter().any(|(l, t)| {
            *l > 1
                && *l < 7
                && names(t).is_none()
                && name_and_year(t).is_none()
                && lexicon::date(t).is_none()
                && !t.starts_with(['(', '['])
        })
    });
    // A person named in the head: a body's name is then no author line (`Editorial
    // Notes` under `J.P.C.`).
    let named = items
        .iter()
        .any(|(_, t)| names(unbracketed(t)).is_some() || name_and_year(t).is_some());
    for (k, (level, t)) in items.iter().enumerate() {
        let (level, t) = (*level, t.as_str());
        let bare = unbracketed(t);
        // A heading may date the text by day and month only (`February 14th.`, a diary's).
        if lexicon::date(t).is_some() || (level < 7 && lexicon::day_month(t)) {
            doc.date.get_or_insert_with(|| {
                t.trim_matches(['(', ')']).trim_end_matches('.').to_string()
            });
        } else if let Some((name, year)) = name_and_year(t).filter(|_| level > 1 || h1s > 1) {
            doc.author.get_or_insert(name);
            doc.date.get_or_insert(year);
        } else if let Some(name) = by_line(t) {
            // A by-line says it plainly: it outranks a title bar's `Author: Work`.
            if doc.author.is_none() || bar_author {
                doc.author = Some(name);
                bar_author = false;
            } else if doc.author.as_deref() != Some(name.as_str()) {
                // Another writer's by-line: kept with the headings, never lost.
                rest.push((level, t.to_string()));
            }
        } else if names(bare).is_some()
            && (level > 1 || h1s > 1 || titled_below)
            && doc.author.is_none()
        {
            // A name heading is the author, unless it is the page's one `<h1>` with no
            // title under it.
            doc.author = Some(bare.to_string());
        } else if collective(t)
            && level > 1
            && first_h1.is_some_and(|f| k < f)
            && doc.author.is_none()
            && !named
        {
            // A body's name above the title (`Group of International Communists`).
            doc.author = Some(t.to_string());
        } else if let Some(name) = head::kicker_author(t).filter(|a| {
            names(a).is_some() && first_h1.is_some_and(|f| k < f) && doc.author.is_none()
        }) {
            // A kicker above the title that names its author (`Mandel on Broué`), kept
            // with the headings.
            doc.author = Some(name);
            rest.push((level, t.to_string()));
        } else if let Some((title, name, year)) =
            head::title_name_year(t).filter(|_| level > 1 && doc.author.is_none())
        {
            doc.author = Some(name);
            bar_author = level == 7;
            doc.date.get_or_insert(year);
            rest.push((level, title));
        } else if let Some((a, title)) = author_title(t).filter(|_| level > 1) {
            if doc.author.is_none() {
                doc.author = Some(a);
                bar_author = level == 7;
            }
            rest.push((level, title));
        } else {
            rest.push((level, t.to_string()));
        }
    }
    // The title: the first `<h1>`, else the first of the highest headings that are
    // neither name nor date (a title bar's work ranks below them all).
    // A bare number (`<h2>11</h2>`) titles nothing.
    let worded = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count() > 1;
    let top = rest
        .iter()
        .filter(|(_, t)| worded(t))
        .map(|(l, _)| *l)
        .min()
        .unwrap_or(1);
    let at = rest
        .iter()
        .position(|(l, t)| *l == top && worded(t))
        .unwrap_or(0);
    if at < rest.len() {
        doc.title = Some(rest.remove(at).1);
    } else {
        doc.title = doc.author.clone();
    }
    if !rest.is_empty() {
        // A line above the title is a kicker.
        let more: Vec<String> = rest
            .into_iter()
            .enumerate()
            .map(|(k, (_, t))| if k < at { head::unannounced(t) } else { t })
            .collect();
        doc.subtitle = Some(head::joined(&more));
    }
    for t in [&mut doc.title, &mut doc.subtitle].into_iter().flatten() {
        *t = tidy_title(t);
    }
    doc.year = [&doc.subtitle, &doc.title]
        .into_iter()
        .flatten()
        .find_map(|t| trailing_year(t));
    for p in paras[..end]
        .iter()
        .filter(|p| p.hint() == Some(&Hint::Fields))
    {
        doc.fields.extend(fields(p));
    }
    Some((doc, aside, end))
}

/// Says whether a block is a header's author or date line by its markup: a class that
/// says so (`author`, `date`, as pandoc and many templates write the title block) on one
/// short line that reads as a name or a date.
fn header_line(p: &Para) -> bool {
    let class = p
        .markup
        .as_ref()
        .map(|m| m.class.to_ascii_lowercase())
        .unwrap_or_default();
    let says = class
        .split_whitespace()
        .any(|c| matches!(c, "author" | "date"));
    says && name_or_date_within(p, 8)
}

/// Says whether a block is one short line that is nothing but a person's name or a date.
fn name_or_date(p: &Para) -> bool {
    name_or_date_within(p, 6)
}

/// Says whether a block is one line of at most `words` words that reads as a person's
/// name or a date.
fn name_or_date_within(p: &Para, words: usize) -> bool {
    p.single().is_some_and(|l| {
        let l = l.trim();
        word_count(l) <= words && (head::names(l).is_some() || lexicon::date(l).is_some())
    })
}

/// Says whether the block at `k` is one short line between headings: a kicker the page
/// set as a paragraph.
fn kicker_between(paras: &[Para], k: usize) -> bool {
    let short = paras[k]
        .single()
        .is_some_and(|l| (1..=12).contains(&word_count(l)));
    let heading = |j: usize| paras.get(j).is_some_and(|q| q.heading().is_some());
    short && paras[k].heading().is_none() && k > 0 && heading(k - 1) && heading(k + 1)
}

/// Says whether a block is nothing but pictures (its lines are their descriptions).
fn picture(p: &Para) -> bool {
    p.markup.as_ref().is_some_and(|m| m.pictures)
}

/// The name a block gives as its by-line (`by V.I. Lenin`), when it is one short line.
fn byline(p: &Para) -> Option<String> {
    // Its first line, where a line or two more under it say where the text is from
    // (`By Albert Weisbord<br>(From the magazine …, 1976)`).
    let (first, more) = p.lines.split_first()?;
    let short = more.len() <= 2 && more.iter().all(|l| word_count(l) <= 25);
    (short && word_count(first) <= 8)
        .then(|| by_line(first.trim()))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::unit::{Markup, Unit};

    fn unit(text: &str, heading: Option<u8>, hint: Option<Hint>) -> Unit {
        Unit {
            lines: text.split('\n').map(str::to_string).collect(),
            markup: Some(Markup {
                heading,
                hint,
                ..Markup::default()
            }),
            ..Unit::default()
        }
    }

    #[test]
    fn headings_give_author_title_date_and_fields() {
        let paras = vec![
            unit("Tony Cliff", Some(2), None),
            unit("The Middle East at the Crossroads", Some(1), None),
            unit("(1946)", Some(3), None),
            unit("II. The Role of Zionism", Some(3), None),
            unit(
                "Source: Fourth International, 1946",
                None,
                Some(Hint::Fields),
            ),
            unit("The text.", None, None),
        ];
        let (doc, aside, body) = markup_head(&paras, &|_| false).unwrap();
        assert!(aside.is_empty());
        assert_eq!(
            doc.title.as_deref(),
            Some("The Middle East at the Crossroads")
        );
        assert_eq!(doc.author.as_deref(), Some("Tony Cliff"));
        assert_eq!(doc.date.as_deref(), Some("1946"));
        assert_eq!(doc.subtitle.as_deref(), Some("II. The Role of Zionism"));
        assert_eq!(doc.fields.len(), 1);
        assert_eq!(body, 5);
    }

    #[test]
    fn a_text_copy_has_no_markup_head() {
        let paras = vec![
            Unit {
                lines: vec!["Title".into()],
                ..Unit::default()
            },
            Unit {
                lines: vec!["Text.".into()],
                ..Unit::default()
            },
        ];
        assert!(markup_head(&paras, &|_| false).is_none());
    }

    fn head_of(paras: Vec<Unit>) -> RawDocument {
        let mut paras = paras;
        paras.push(unit("The text.", None, None));
        markup_head(&paras, &|_| false).unwrap().0
    }

    #[test]
    fn a_name_in_the_h1_over_a_title_is_the_author() {
        let doc = head_of(vec![
            unit("James P. Cannon", Some(1), None),
            unit("Gangsterism!", Some(3), None),
        ]);
        assert_eq!(doc.author.as_deref(), Some("James P. Cannon"));
        assert_eq!(doc.title.as_deref(), Some("Gangsterism!"));
    }

    #[test]
    fn a_title_bar_of_two_lines_gives_author_and_work() {
        let doc = head_of(vec![
            unit("Arthur Ransome\nRussia in 1919", None, Some(Hint::TitleBar)),
            unit("Effects Of Isolation", Some(3), None),
            unit("February 14th.", Some(4), None),
        ]);
        assert_eq!(doc.author.as_deref(), Some("Arthur Ransome"));
        assert_eq!(doc.title.as_deref(), Some("Effects Of Isolation"));
        assert_eq!(doc.subtitle.as_deref(), Some("Russia in 1919"));
        assert_eq!(doc.date.as_deref(), Some("February 14th"));
    }

    #[test]
    fn a_by_line_outranks_the_title_bar() {
        let doc = head_of(vec![
            unit(
                "N.I. Bukharin: Imperialism and World Economy",
                None,
                Some(Hint::TitleBar),
            ),
            unit("Introduction", Some(3), None),
            unit("by V.I. Lenin", None, None),
        ]);
        assert_eq!(doc.author.as_deref(), Some("V.I. Lenin"));
        assert_eq!(doc.title.as_deref(), Some("Introduction"));
    }

    #[test]
    fn bodies_and_bracketed_names_are_authors() {
        let doc = head_of(vec![
            unit("Group of International Communists", Some(4), None),
            unit(
                "Fundamental Principles of Communist Production and Distribution",
                Some(1),
                None,
            ),
            unit("1930", Some(3), None),
        ]);
        assert_eq!(
            doc.author.as_deref(),
            Some("Group of International Communists")
        );
        let doc = head_of(vec![
            unit("[Peter Sedgwick]", Some(2), None),
            unit("FOCUMENT", Some(1), None),
        ]);
        assert_eq!(doc.author.as_deref(), Some("Peter Sedgwick"));
        // A body's word under a person's name is a kicker, kept.
        let doc = head_of(vec![
            unit("J.P. Cannon", Some(2), None),
            unit("Editorial Notes", Some(4), None),
            unit("The Return of Gerry Allard", Some(1), None),
        ]);
        assert_eq!(doc.author.as_deref(), Some("J.P. Cannon"));
        assert_eq!(doc.subtitle.as_deref(), Some("Editorial Notes"));
    }

    #[test]
    fn a_bare_number_titles_nothing() {
        let doc = head_of(vec![
            unit("V. I. Lenin", Some(2), None),
            unit("Extraordinary Seventh Congress", Some(3), None),
            unit("11", Some(2), None),
        ]);
        assert_eq!(doc.title.as_deref(), Some("Extraordinary Seventh Congress"));
    }
}
