//! A face cut to some characters, as a reading system can use it.
//!
//! subsetter makes the smallest cut (it inlines the CFF subroutines, so a heading's
//! twenty glyphs weigh a few kilobytes, where a cut that keeps them weighs 32 KB) but
//! drops what a PDF does not need and a reading system does: the `cmap` (characters to
//! glyphs) and `OS/2` tables. They are added back here — the `cmap` made from the
//! characters kept, the `OS/2` the original's with its character range — and the tables
//! written out again with their checksums (OpenType's "Font file" layout).

use std::collections::{BTreeMap, BTreeSet};

/// Cuts a face to the glyphs of these characters, with `.notdef`.
pub(crate) fn subset(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| format!("reading a face: {e}"))?;
    let mut by_glyph: BTreeMap<u16, Vec<char>> = BTreeMap::new();
    for &c in chars {
        if let Some(g) = face.glyph_index(c).filter(|g| g.0 != 0) {
            by_glyph.entry(g.0).or_default().push(c);
        }
    }
    // New ids in the order of the old ones, after `.notdef` (0 stays 0).
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    let mut cmap: BTreeMap<u32, u16> = BTreeMap::new();
    for (&old, cs) in &by_glyph {
        let new = remapper.remap(old);
        cmap.extend(cs.iter().map(|&c| (u32::from(c), new)));
    }
    let cut = subsetter::subset(bytes, 0, &remapper)
        .map_err(|e| format!("cutting a face to the book's text: {e}"))?;
    let mut tables = read_tables(&cut).ok_or("the cut face cannot be read back")?;
    tables.insert(*b"cmap", cmap_table(&cmap));
    if let Some(os2) = face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2")) {
        tables.insert(*b"OS/2", os2_table(os2, &cmap));
    }
    Ok(write_font(&tables))
}

/// The tables of an OpenType font, by tag.
fn read_tables(font: &[u8]) -> Option<BTreeMap<[u8; 4], Vec<u8>>> {
    let u16_at = |i: usize| Some(u16::from_be_bytes(font.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_be_bytes(font.get(i..i + 4)?.try_into().ok()?));
    let count = usize::from(u16_at(4)?);
    let mut out = BTreeMap::new();
    for k in 0..count {
        let record = 12 + 16 * k;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(record + 8)? as usize;
        let length = u32_at(record + 12)? as usize;
        out.insert(tag, font.get(offset..offset.checked_add(length)?)?.to_vec());
    }
    Some(out)
}

/// A `cmap` with a format 4 subtable (the Basic Multilingual Plane), and a format 12 one
/// when a character lies beyond it, for Windows' and Unicode's platforms.
fn cmap_table(map: &BTreeMap<u32, u16>) -> Vec<u8> {
    let bmp: BTreeMap<u16, u16> = map
        .iter()
        .filter_map(|(&c, &g)| Some((u16::try_from(c).ok()?, g)))
        .collect();
    let format4 = format4(&bmp);
    let wide = map.keys().any(|&c| c > 0xFFFF);
    let format12 = wide.then(|| format12(map));
    let mut records: Vec<(u16, u16, usize)> = vec![(0, 3, 0), (3, 1, 0)];
    if wide {
        records = vec![(0, 3, 0), (0, 4, 1), (3, 1, 0), (3, 10, 1)];
    }
    let header = 4 + 8 * records.len();
    let mut out = Vec::new();
    push16(&mut out, 0);
    push16(&mut out, records.len() as u16);
    for &(platform, encoding, which) in &records {
        push16(&mut out, platform);
        push16(&mut out, encoding);
        let offset = if which == 0 {
            header
        } else {
            header + format4.len()
        };
        push32(&mut out, offset as u32);
    }
    out.extend_from_slice(&format4);
    if let Some(t) = format12 {
        out.extend_from_slice(&t);
    }
    out
}

/// Format 4: segments of consecutive characters whose glyph ids are consecutive too
/// (one delta each), closed by the 0xFFFF segment.
fn format4(map: &BTreeMap<u16, u16>) -> Vec<u8> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // (start, end, delta)
    for (&c, &g) in map {
        let delta = g.wrapping_sub(c);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == c && *d == delta => *end = c,
            _ => segments.push((c, c, delta)),
        }
    }
    if segments.last().is_none_or(|s| s.1 != 0xFFFF) {
        segments.push((0xFFFF, 0xFFFF, 1));
    }
    let n = segments.len() as u16;
    // The binary search fields: the largest power of two not above the count.
    let selector = 15 - n.leading_zeros() as u16;
    let search = 2 * (1u16 << selector);
    let mut t = Vec::new();
    push16(&mut t, 4);
    push16(&mut t, 16 + 8 * n);
    push16(&mut t, 0);
    push16(&mut t, 2 * n);
    push16(&mut t, search);
    push16(&mut t, selector);
    push16(&mut t, 2 * n - search);
    segments.iter().for_each(|s| push16(&mut t, s.1));
    push16(&mut t, 0);
    segments.iter().for_each(|s| push16(&mut t, s.0));
    segments.iter().for_each(|s| push16(&mut t, s.2));
    segments.iter().for_each(|_| push16(&mut t, 0));
    t
}

/// Format 12: groups of consecutive characters and glyph ids.
fn format12(map: &BTreeMap<u32, u16>) -> Vec<u8> {
    let mut groups: Vec<(u32, u32, u32)> = Vec::new(); // (start, end, first glyph)
    for (&c, &g) in map {
        match groups.last_mut() {
            Some((start, end, first)) if *end + 1 == c && *first + (c - *start) == u32::from(g) => {
                *end = c;
            }
            _ => groups.push((c, c, u32::from(g))),
        }
    }
    let mut t = Vec::new();
    push16(&mut t, 12);
    push16(&mut t, 0);
    push32(&mut t, 16 + 12 * groups.len() as u32);
    push32(&mut t, 0);
    push32(&mut t, groups.len() as u32);
    for (start, end, first) in groups {
        push32(&mut t, start);
        push32(&mut t, end);
        push32(&mut t, first);
    }
    t
}

/// The original `OS/2` with the first and last character it now maps.
fn os2_table(original: &[u8], map: &BTreeMap<u32, u16>) -> Vec<u8> {
    let mut t = original.to_vec();
    let first = map.keys().next().map_or(0, |&c| c.min(0xFFFF) as u16);
    let last = map.keys().next_back().map_or(0, |&c| c.min(0xFFFF) as u16);
    if t.len() >= 68 {
        t[64..66].copy_from_slice(&first.to_be_bytes());
        t[66..68].copy_from_slice(&last.to_be_bytes());
    }
    t
}

/// Writes the tables as an OpenType font: the directory sorted by tag, each table on
/// four bytes with its checksum, and `head`'s `checksumAdjustment` over the whole.
fn write_font(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let n = tables.len() as u16;
    let entry_selector = 15 - n.leading_zeros().min(15) as u16;
    let search_range = 16 * (1u16 << entry_selector);
    let mut out = Vec::new();
    out.extend_from_slice(b"OTTO");
    push16(&mut out, n);
    push16(&mut out, search_range);
    push16(&mut out, entry_selector);
    push16(&mut out, 16 * n - search_range);
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        let mut data = data.clone();
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
        }
        out.extend_from_slice(tag);
        push32(&mut out, checksum(&data));
        push32(&mut out, offset as u32);
        push32(&mut out, data.len() as u32);
        offset += data.len().div_ceil(4) * 4;
    }
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at.filter(|&at| out.len() >= at + 12) {
        out[at + 8..at + 12].fill(0);
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn push16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn push32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: &[u8] = include_bytes!("../../fonts/EBGaramond12-Regular.otf");

    #[test]
    fn the_cut_maps_each_character_kept_to_its_own_outline_and_no_other() {
        let chars: BTreeSet<char> = "Letter to Trotsky, 1936 — é’".chars().collect();
        let cut = subset(REGULAR, &chars).unwrap();
        assert!(cut.len() < 20_000, "{} bytes", cut.len());
        let small = ttf_parser::Face::parse(&cut, 0).unwrap();
        let full = ttf_parser::Face::parse(REGULAR, 0).unwrap();
        assert!(small.number_of_glyphs() <= chars.len() as u16 + 1);
        for &c in &chars {
            let g = small
                .glyph_index(c)
                .unwrap_or_else(|| panic!("{c:?} mapped"));
            let advance = small.glyph_hor_advance(g);
            assert_eq!(
                advance,
                full.glyph_hor_advance(full.glyph_index(c).unwrap()),
                "{c:?}"
            );
            let bounds = |f: &ttf_parser::Face, g| f.glyph_bounding_box(g);
            assert_eq!(
                bounds(&small, g),
                bounds(&full, full.glyph_index(c).unwrap()),
                "{c:?}"
            );
        }
        assert!(small.glyph_index('Q').is_none());
        // Every table's checksum, and the whole font's, as OpenType defines them.
        let tables = read_tables(&cut).unwrap();
        assert!(tables.contains_key(b"OS/2") && tables.contains_key(b"name"));
        assert_eq!(checksum(&cut), 0xB1B0_AFBA);
        assert_eq!(subset(REGULAR, &chars).unwrap(), cut);
    }

    #[test]
    fn cmap_segments_join_runs_and_wide_characters_get_format_12() {
        let map: BTreeMap<u16, u16> = [(65, 1), (66, 2), (67, 3), (70, 4)].into();
        let t = format4(&map);
        // Segments A–C, F, and the closing one.
        assert_eq!(u16::from_be_bytes([t[6], t[7]]), 6);
        let wide: BTreeMap<u32, u16> = [(65, 1), (0x1F600, 2), (0x1F601, 3)].into();
        let c = cmap_table(&wide);
        assert_eq!(u16::from_be_bytes([c[2], c[3]]), 4);
        assert_eq!(format12(&wide).len(), 16 + 12 * 2);
    }
}
