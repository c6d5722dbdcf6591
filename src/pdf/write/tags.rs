//! The tagged PDF's objects: the structure tree the layout decided, the link annotations
//! that belong to its `Link` elements, and the map back from content to elements (the
//! parent tree). The pages' marked content (`BDC … EMC` with an `MCID`) is written with
//! their text, in the writer; this file is given what each page's MCIDs belong to.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::pdf::layout::{Element, Rect, Tag, Target};
use crate::pdf::units::Pt;

/// A link to write: its page, area, target and `Link` element.
pub(super) struct Annotation {
    /// The page's index.
    pub(super) page: usize,
    /// Its area, top-left origin.
    pub(super) rect: Rect,
    /// Where it leads.
    pub(super) target: Target,
    /// Its element.
    pub(super) element: usize,
}

/// A kid of a structure element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kid {
    /// Marked content: page, MCID.
    Content(usize, usize),
    /// Another element.
    Element(usize),
    /// An annotation: its index among the annotations.
    Annotation(usize),
}

/// Where a kid first shows in drawing order: page, then MCID (an annotation after the
/// page's content, which it covers).
type At = (usize, usize);

/// Writes the link annotations, each with its description (`/Contents`, as PDF/UA asks)
/// and the print flag (as PDF/A asks), into their pages' `/Annots`, with tab order by
/// structure; returns their ids, in order.
pub(super) fn annotations(
    lo: &mut lopdf::Document,
    links: &[Annotation],
    structure: &[Element],
    page_ids: &[ObjectId],
    height: Pt,
) -> Vec<ObjectId> {
    let mut ids = Vec::with_capacity(links.len());
    let mut by_page: BTreeMap<usize, Vec<Object>> = BTreeMap::new();
    for (k, a) in links.iter().enumerate() {
        if a.page >= page_ids.len() {
            continue;
        }
        let r = a.rect;
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Annot".to_vec()));
        d.set("Subtype", Object::Name(b"Link".to_vec()));
        d.set(
            "Rect",
            Object::Array(
                [r.x, height - r.y - r.height, r.x + r.width, height - r.y]
                    .iter()
                    .map(|&v| Object::Real(v as f32))
                    .collect(),
            ),
        );
        // No border: the text itself shows where the link is.
        d.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
        d.set("F", Object::Integer(4));
        if let Some(alt) = structure.get(a.element).and_then(|e| e.alt.as_deref()) {
            d.set("Contents", lopdf::text_string(alt));
        }
        d.set("StructParent", Object::Integer((page_ids.len() + k) as i64));
        match &a.target {
            Target::Uri(u) => {
                let mut action = Dictionary::new();
                action.set("S", Object::Name(b"URI".to_vec()));
                action.set(
                    "URI",
                    Object::String(u.as_bytes().to_vec(), StringFormat::Literal),
                );
                d.set("A", Object::Dictionary(action));
            }
            Target::Page { page: to, y } => {
                if let Some(&dest) = page_ids.get(*to) {
                    d.set("Dest", super::destination(dest, height - y));
                }
            }
        }
        let id = lo.add_object(d);
        ids.push(id);
        by_page
            .entry(a.page)
            .or_default()
            .push(Object::Reference(id));
    }
    for (page, annots) in by_page {
        if let Ok(Object::Dictionary(p)) = lo.get_object_mut(page_ids[page]) {
            p.set("Annots", Object::Array(annots));
            p.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    ids
}

/// Writes the structure tree: each element that holds content (directly or below), its
/// kids in reading order, and the parent tree from each page's MCIDs (`mcids[page][n]`
/// is the element of MCID `n`) and each annotation back to its element. Returns the
/// tree's root, for the catalog.
pub(super) fn structure_tree(
    lo: &mut lopdf::Document,
    structure: &[Element],
    mcids: &[Vec<usize>],
    links: &[Annotation],
    annotation_ids: &[ObjectId],
    page_ids: &[ObjectId],
) -> ObjectId {
    let n = structure.len();
    // 1. Each element's own content, and where it first shows (below it included).
    let mut kids: Vec<Vec<(At, Kid)>> = vec![Vec::new(); n];
    let mut first: Vec<Option<At>> = vec![None; n];
    for (page, list) in mcids.iter().enumerate() {
        for (mcid, &e) in list.iter().enumerate() {
            if e < n {
                kids[e].push(((page, mcid), Kid::Content(page, mcid)));
                earliest(&mut first[e], (page, mcid));
            }
        }
    }
    for (k, a) in links.iter().enumerate() {
        if a.element < n && k < annotation_ids.len() {
            let at = (a.page, usize::MAX);
            kids[a.element].push((at, Kid::Annotation(k)));
            earliest(&mut first[a.element], at);
        }
    }
    // Elements come after their parents: from the last, each passes its first place up.
    for e in (1..n).rev() {
        if let (Some(at), Some(p)) = (first[e], structure[e].parent.filter(|&p| p < e)) {
            earliest(&mut first[p], at);
        }
    }
    let used = |e: usize| first[e].is_some();
    for e in 1..n {
        if let Some(p) = structure[e].parent.filter(|&p| p < e && used(e)) {
            let at = first[e].unwrap_or((usize::MAX, usize::MAX));
            kids[p].push((at, Kid::Element(e)));
        }
    }
    // 2. Reading order: blocks as they were made (a note after its paragraph), text and
    //    inline elements as they are drawn.
    for (e, list) in kids.iter_mut().enumerate() {
        if structure[e].tag.groups_blocks() {
            list.sort_by_key(|(at, kid)| match kid {
                Kid::Element(c) => (1, (*c, 0)),
                _ => (0, *at),
            });
        } else {
            list.sort_by_key(|(at, kid)| (*at, matches!(kid, Kid::Annotation(_))));
        }
    }
    // 3. The objects.
    let root = lo.new_object_id();
    let ids: Vec<Option<ObjectId>> = (0..n)
        .map(|e| (used(e) || e == 0).then(|| lo.new_object_id()))
        .collect();
    let mut ids_tree: Vec<(String, ObjectId)> = Vec::new();
    for e in 0..n {
        let Some(id) = ids[e] else { continue };
        let el = &structure[e];
        // No `/Type /StructElem`: it is optional, and a book has thousands of elements.
        let mut d = Dictionary::new();
        d.set("S", Object::Name(el.tag.name().as_bytes().to_vec()));
        let parent = el.parent.and_then(|p| ids.get(p).copied().flatten());
        d.set("P", Object::Reference(parent.unwrap_or(root)));
        let page = first[e].and_then(|(p, _)| page_ids.get(p).copied());
        if let Some(page) = page {
            d.set("Pg", Object::Reference(page));
        }
        let k: Vec<Object> = kids[e]
            .iter()
            .filter_map(|(_, kid)| kid_object(*kid, page, &ids, page_ids, annotation_ids))
            .collect();
        // A lone kid stands alone (most paragraphs are one sequence on one page).
        match <[Object; 1]>::try_from(k) {
            Ok([one]) => d.set("K", one),
            Err(k) => d.set("K", Object::Array(k)),
        }
        if el.tag == Tag::TH {
            // The book's tables have header rows only: a header cell heads its column.
            let mut a = Dictionary::new();
            a.set("O", Object::Name(b"Table".to_vec()));
            a.set("Scope", Object::Name(b"Column".to_vec()));
            d.set("A", Object::Dictionary(a));
        }
        if let Some(lang) = &el.lang {
            d.set("Lang", lopdf::text_string(lang));
        }
        if let Some(alt) = el.alt.as_deref().filter(|_| el.tag == Tag::Figure) {
            d.set("Alt", lopdf::text_string(alt));
        }
        if let Some(t) = &el.title {
            d.set("T", lopdf::text_string(t));
        }
        if let Some(name) = &el.id {
            d.set(
                "ID",
                Object::String(name.as_bytes().to_vec(), StringFormat::Literal),
            );
            ids_tree.push((name.clone(), id));
        }
        lo.objects.insert(id, Object::Dictionary(d));
    }
    // 4. The parent tree: a page's MCIDs to their elements, an annotation to its own.
    let mut nums = Vec::new();
    for (page, list) in mcids.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let refs = list
            .iter()
            .map(|&e| {
                ids.get(e)
                    .copied()
                    .flatten()
                    .map_or(Object::Null, Object::Reference)
            })
            .collect();
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(refs));
        if let Some(Ok(Object::Dictionary(p))) = page_ids.get(page).map(|&id| lo.get_object_mut(id))
        {
            p.set("StructParents", Object::Integer(page as i64));
        }
    }
    for (k, a) in links.iter().enumerate().take(annotation_ids.len()) {
        if let Some(id) = ids.get(a.element).copied().flatten() {
            nums.push(Object::Integer((page_ids.len() + k) as i64));
            nums.push(Object::Reference(id));
        }
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    if let Some(top) = ids.first().copied().flatten() {
        d.set("K", Object::Array(vec![Object::Reference(top)]));
    }
    d.set("ParentTree", Object::Reference(lo.add_object(parent_tree)));
    d.set(
        "ParentTreeNextKey",
        Object::Integer((page_ids.len() + links.len()) as i64),
    );
    if !ids_tree.is_empty() {
        // A name tree's keys in byte order.
        ids_tree.sort();
        let mut names = Vec::new();
        for (name, id) in ids_tree {
            names.push(Object::String(name.into_bytes(), StringFormat::Literal));
            names.push(Object::Reference(id));
        }
        let mut tree = Dictionary::new();
        tree.set("Names", Object::Array(names));
        d.set("IDTree", Object::Dictionary(tree));
    }
    lo.objects.insert(root, Object::Dictionary(d));
    root
}

/// Keeps the earlier of two places.
fn earliest(first: &mut Option<At>, at: At) {
    *first = Some(first.map_or(at, |f| f.min(at)));
}

/// A kid as the file writes it: an MCID alone on the element's own page, else a marked
/// content reference; an element; an object reference to an annotation.
fn kid_object(
    kid: Kid,
    own_page: Option<ObjectId>,
    ids: &[Option<ObjectId>],
    page_ids: &[ObjectId],
    annotation_ids: &[ObjectId],
) -> Option<Object> {
    match kid {
        Kid::Content(page, mcid) => {
            let page = *page_ids.get(page)?;
            if Some(page) == own_page {
                return Some(Object::Integer(mcid as i64));
            }
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"MCR".to_vec()));
            d.set("Pg", Object::Reference(page));
            d.set("MCID", Object::Integer(mcid as i64));
            Some(Object::Dictionary(d))
        }
        Kid::Element(e) => ids.get(e).copied().flatten().map(Object::Reference),
        Kid::Annotation(k) => {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"OBJR".to_vec()));
            d.set("Obj", Object::Reference(*annotation_ids.get(k)?));
            Some(Object::Dictionary(d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(tag: Tag, parent: Option<usize>) -> Element {
        Element {
            tag,
            parent,
            ..Element::default()
        }
    }

    /// The kids of an element in the written tree, as (structure type or MCID).
    fn kids_of(lo: &lopdf::Document, id: ObjectId) -> Vec<String> {
        let d = lo.get_dictionary(id).unwrap();
        let k = match d.get(b"K").unwrap() {
            Object::Array(k) => k.clone(),
            one => vec![one.clone()],
        };
        k.iter()
            .map(|o| match o {
                Object::Integer(n) => format!("mcid {n}"),
                Object::Reference(r) => {
                    let s = lo.get_dictionary(*r).unwrap().get(b"S").unwrap();
                    String::from_utf8_lossy(s.as_name().unwrap()).into_owned()
                }
                Object::Dictionary(d) => {
                    String::from_utf8_lossy(d.get(b"Type").unwrap().as_name().unwrap()).into_owned()
                }
                _ => "?".into(),
            })
            .collect()
    }

    /// The `n`th kid of an element, an element itself.
    fn kid(lo: &lopdf::Document, id: ObjectId, n: usize) -> ObjectId {
        let d = lo.get_dictionary(id).unwrap();
        match d.get(b"K").unwrap() {
            Object::Array(k) => k[n].as_reference().unwrap(),
            one => one.as_reference().unwrap(),
        }
    }

    #[test]
    fn a_note_follows_its_paragraph_and_a_link_sits_in_its_text() {
        // Document > Part > [P (text, Link, text), Note > P, P]; on the page the note is
        // drawn last, after the second paragraph.
        let structure = vec![
            el(Tag::Document, None),
            el(Tag::Part, Some(0)),
            el(Tag::P, Some(1)),
            el(Tag::Link, Some(2)),
            el(Tag::Note, Some(1)),
            el(Tag::P, Some(4)),
            el(Tag::P, Some(1)),
            el(Tag::Sect, Some(0)),
        ];
        let mut lo = lopdf::Document::with_version("1.7");
        let page = lo.add_object(Dictionary::new());
        let mcids = vec![vec![2, 3, 2, 6, 5]];
        let links = [Annotation {
            page: 0,
            rect: Rect {
                x: 0.0,
                y: 0.0,
                width: 1.0,
                height: 1.0,
            },
            target: Target::Uri("https://example.org".into()),
            element: 3,
        }];
        let annots = annotations(&mut lo, &links, &structure, &[page], 100.0);
        let root = structure_tree(&mut lo, &structure, &mcids, &links, &annots, &[page]);
        let top = kid(&lo, root, 0);
        // The empty section is left out.
        assert_eq!(kids_of(&lo, top), ["Part"]);
        let part = kid(&lo, top, 0);
        assert_eq!(kids_of(&lo, part), ["P", "Note", "P"]);
        let p = kid(&lo, part, 0);
        assert_eq!(kids_of(&lo, p), ["mcid 0", "Link", "mcid 2"]);
        assert_eq!(kids_of(&lo, kid(&lo, p, 1)), ["mcid 1", "OBJR"]);
        assert_eq!(kids_of(&lo, kid(&lo, kid(&lo, part, 1), 0)), ["mcid 4"]);
        // The annotation points back at its element through the parent tree.
        let annot = lo.get_dictionary(annots[0]).unwrap();
        assert_eq!(annot.get(b"StructParent").unwrap().as_i64().unwrap(), 1);
    }
}
