//! The header a page's markup gives, read as one structure: the headings above its text,
//! (`p.information`). The `<h1>` is the title; a heading that is a name is the author,
//! one that is a date the date; the other headings are kept as the subtitle, so that
//! nothing of the header is lost.

use super::head::{author_title, name_and_year, names};
use super::unit::Hint;
use super::{fields, lexicon, tidy_title, trailing_year};
use super::{Para, RawDocument};

/// Reads the header that a page's headings and header fields make; returns it, the
/// blocks inside it that are no header (a contents list above the fields: they open the
/// body) and where the body starts. `None` when the page's top has no heading markup (a text copy).
pub(super) fn markup_head(paras: &[Para]) -> Option<(RawDocument, Vec<usize>, usize)> {
    // The header: the headings at the top, then the fields, up to the first other block.
    let mut end = 0;
    let mut seen_fields = false;
    while end < paras.len() {
        let p = &paras[end];
        if p.hint() == Some(&Hint::Fields) {
            seen_fields = true;
        } else if p.hint() == Some(&Hint::TitleBar) && !seen_fields {
            // The title bar that names the author (`Edgar Hardcastle`).
        } else if seen_fields || p.heading().is_none() || p.hint().is_some() {
            break;
        }
        end += 1;
    }
    // Header fields a little below the headings (after the page's contents list): the
    // blocks between open the body.
    let mut aside = Vec::new();
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
            !aside.contains(k) && (p.heading().is_some() || p.hint() == Some(&Hint::TitleBar))
        })
        .map(|(_, p)| p)
        .collect();
    if heads.is_empty() || end >= paras.len() {
        return None;
    }
    let mut doc = RawDocument::default();
    let mut rest: Vec<(u8, String)> = Vec::new();
    let mut bar_year = None;
    let h1s = heads.iter().filter(|p| p.heading() == Some(1)).count();
    for p in &heads {
        // A title bar ranks below every heading: it names the author or the work.
        let level = p.heading().unwrap_or(7);
        let text = p.joined();
        let t = text.trim();
        if lexicon::date(t).is_some() {
            doc.date
                .get_or_insert_with(|| t.trim_matches(['(', ')']).to_string());
        } else if let Some((name, year)) = name_and_year(t).filter(|_| level > 1 || h1s > 1) {
            doc.author.get_or_insert(name);
            // A title bar's year dates the text only when nothing else does.
            if p.heading().is_some() {
                doc.date.get_or_insert(year);
            } else {
                bar_year.get_or_insert(year);
            }
        } else if let Some(name) = t
            .strip_prefix("by ")
            .or_else(|| t.strip_prefix("By "))
            .filter(|n| names(n).is_some())
        {
            doc.author.get_or_insert(name.to_string());
        } else if names(t).is_some() && (level > 1 || h1s > 1) && doc.author.is_none() {
            // A name heading is the author, unless it is the page's one `<h1>`.
            doc.author = Some(t.to_string());
        } else if let Some((a, title)) = author_title(t).filter(|_| level > 1) {
            doc.author.get_or_insert(a);
            rest.push((level, title));
        } else {
            rest.push((level, t.to_string()));
        }
    }
    // The title: the first `<h1>`, else the first heading that is neither name nor date.
    let at = rest.iter().position(|(l, _)| *l == 1).unwrap_or(0);
    if at < rest.len() {
        doc.title = Some(rest.remove(at).1);
    } else {
        doc.title = doc.author.clone();
    }
    if !rest.is_empty() {
        let more: Vec<String> = rest.into_iter().map(|(_, t)| t).collect();
        doc.subtitle = Some(more.join(" — "));
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
    // The recognizer dates the text from the fields; a title bar's year comes last.
    if doc.year.is_none() {
        doc.year = bar_year;
    }
    Some((doc, aside, end))
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
        let (doc, aside, body) = markup_head(&paras).unwrap();
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
        assert!(markup_head(&paras).is_none());
    }
}
