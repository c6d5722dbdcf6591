//! Notes matched by their anchors: a reference is a link into the page (`<a
//! href="#n1">[1]</a>`) whose text is a note's label and whose target (`<a name="n1">`,
//! `id="n1"`) lies later in the page; the note is the block the target stands in. The
//! link back from the note to its reference is dropped, as is the note's own label.

use std::collections::{HashMap, HashSet};

use super::dom::{Dom, Id, ROOT};

/// The notes of a page, as its anchors give them.
#[derive(Debug, Default)]
pub(crate) struct Anchored {
    /// The page's anchors by name.
    pub(crate) anchors: HashMap<String, Id>,
    /// Each reference (`<a>` node) → the note's id.
    pub(crate) refs: HashMap<Id, String>,
    /// Each note's target node → its id.
    pub(crate) targets: HashMap<Id, String>,
    /// Each note's label as the page shows it, by id.
    pub(crate) marks: HashMap<String, String>,
    /// Nodes that are no text of the book: back-links, the labels at a note's head.
    pub(crate) omit: HashSet<Id>,
}

/// Finds the page's references and notes.
pub(crate) fn anchored(dom: &Dom) -> Anchored {
    let order: Vec<Id> = dom.descendants(ROOT);
    let mut pos = vec![usize::MAX; dom.nodes.len()];
    for (i, &n) in order.iter().enumerate() {
        pos[n] = i;
    }
    let anchors = anchors(dom);
    let in_heading = |n: Id| {
        std::iter::once(n)
            .chain(dom.ancestors(n))
            .any(|a| matches!(dom.tag(a), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
    };
    let mut out = Anchored::default();
    let mut by_target: HashMap<Id, String> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    // The labels the markers to each target show.
    let mut shown_labels: HashMap<Id, HashSet<String>> = HashMap::new();
    for &a in &order {
        if dom.tag(a) != "a" {
            continue;
        }
        let Some(frag) = dom.attr(a, "href").and_then(|h| h.trim().strip_prefix('#')) else {
            continue;
        };
        let shown = dom.text(a);
        let Some(marker) = label(&shown) else {
            continue;
        };
        let marker_label = marker.clone();
        let Some(&target) = anchors.get(frag) else {
            continue;
        };
        // A link back up the page is a note's way back; a link into a heading is a
        // contents list's.
        if pos[target] <= pos[a] || in_heading(target) || dom.ancestors(a).any(|x| x == target) {
            continue;
        }
        // The note's own label (`<a name="n15">15.</a>`), where the marker's slips into
        // another note's (`[10]` for note 15): two notes never share a label.
        let own = (dom.tag(target) == "a")
            .then(|| label(&dom.text(target)))
            .flatten();
        let id = by_target
            .entry(target)
            .or_insert_with(|| {
                let label = match own {
                    Some(own) if used.contains(&marker) && !used.contains(&own) => own,
                    _ => marker,
                };
                let id = if used.contains(&label) {
                    frag.to_string()
                } else {
                    label.clone()
                };
                used.insert(id.clone());
                out.marks.insert(id.clone(), label.clone());
                id
            })
            .clone();
        out.refs.insert(a, id);
        shown_labels.entry(target).or_default().insert(marker_label);
    }
    // A target that markers of three numbers or more point to (`[1]`…`[9]`, all to `All
    // footnotes are missing`) is no note of each: only the marker showing the note's own
    // label refers to it, the others stay as the text they show.
    for (target, labels) in &shown_labels {
        if labels.len() >= 3 {
            let id = &by_target[target];
            let mark = out.marks.get(id).cloned().unwrap_or_default();
            out.refs
                .retain(|&a, r| r != id || label(&dom.text(a)).as_deref() == Some(mark.as_str()));
        }
    }
    // The references' own anchors, where the notes link back to.
    let mut ref_anchors: HashSet<&str> = HashSet::new();
    for &r in out.refs.keys() {
        for n in std::iter::once(r).chain(dom.ancestors(r).take(2)) {
            for key in ["id", "name"] {
                if let Some(v) = dom.attr(n, key) {
                    ref_anchors.insert(v);
                }
            }
        }
    }
    for &a in &order {
        if dom.tag(a) != "a" || out.refs.contains_key(&a) {
            continue;
        }
        let back = dom
            .attr(a, "href")
            .and_then(|h| h.trim().strip_prefix('#'))
            .is_some_and(|f| ref_anchors.contains(f));
        if back {
            out.omit.insert(a);
        }
    }
    for (&t, id) in &by_target {
        // The target's own text, when it is the label (`<a name="n1">[1]</a>`).
        if dom.tag(t) == "a" && label(&dom.text(t)).is_some() {
            out.omit.insert(t);
        }
        out.targets.insert(t, id.clone());
    }
    out.anchors = anchors;
    out
}

/// The first element of each name or id: a page's anchors.
pub(crate) fn anchors(dom: &Dom) -> HashMap<String, Id> {
    let mut anchors: HashMap<String, Id> = HashMap::new();
    for n in dom.descendants(ROOT) {
        for key in ["id", "name"] {
            if let Some(v) = dom.attr(n, key) {
                anchors.entry(v.to_string()).or_insert(n);
            }
        }
    }
    anchors
}

/// Reads a note's label from a reference's text: `[1]`, `1`, `(1)`, `[*2]`, `[1*]`, `*`,
/// `[a]`, `†`, `1)`, `1.`; returns it without brackets.
pub(crate) fn label(shown: &str) -> Option<String> {
    let t = shown.trim().trim_matches('\u{a0}');
    let t = t.strip_suffix('.').unwrap_or(t);
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .or_else(|| t.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
        .or_else(|| t.strip_suffix(')'))
        .unwrap_or(t)
        .trim();
    let core = inner.trim_matches('*');
    let ok = if core.is_empty() {
        !inner.is_empty() && inner.len() <= 4
    } else {
        (core.len() <= 3 && core.bytes().all(|b| b.is_ascii_digit()))
            || (core.chars().count() == 1
                && core
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_uppercase()))
            || core.chars().all(|c| "†‡§¶".contains(c)) && core.chars().count() <= 3
    };
    ok.then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_as_the_archive_writes_them() {
        for (s, l) in [
            ("[1]", "1"),
            ("12", "12"),
            ("(3)", "3"),
            ("[1*]", "1*"),
            ("*", "*"),
        ] {
            assert_eq!(label(s).as_deref(), Some(l), "{s}");
        }
        for s in ["[sic]", "1895", "see note", "[1895]", ""] {
            assert_eq!(label(s), None, "{s}");
        }
    }

    #[test]
    fn markers_of_many_numbers_to_one_target_are_not_all_its_references() {
        let dom = Dom::parse(
            "<p>One<a href=\"#n0\">[1]</a> two<a href=\"#n0\">[2]</a> \
             three<a href=\"#n0\">[3]</a></p>\
             <p class=\"endnote\"><a name=\"n0\"></a> All footnotes are missing.</p>",
        );
        let notes = anchored(&dom);
        assert_eq!(notes.refs.len(), 1);
        assert_eq!(notes.marks["1"], "1");
    }

    #[test]
    fn references_targets_and_back_links() {
        let dom = Dom::parse(
            "<p>Text<a href=\"#n1\" name=\"f1\">[1]</a> and <a href=\"#n1\">[1]</a> \
             <a href=\"#toc\">1</a></p><h3 id=\"toc\">T</h3>\
             <p class=\"note\"><a name=\"n1\" href=\"#f1\">1.</a> The note.</p>",
        );
        let notes = anchored(&dom);
        assert_eq!(notes.refs.len(), 2);
        assert_eq!(notes.targets.len(), 1);
        assert_eq!(notes.marks["1"], "1");
        assert_eq!(notes.omit.len(), 1);
    }
}
