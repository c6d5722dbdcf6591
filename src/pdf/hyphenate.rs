//! Hyphenation: where a word may break, by the patterns of its language (Liang's, from
//! the `hyphenation` crate, embedded in the binary).

use hyphenation::{Hyphenator as _, Language, Load, Standard};

/// Words shorter than this are never broken: a break in a four-letter word leaves two
/// letters on a line, which reads as a mistake (TeX's `\lefthyphenmin` plus
/// `\righthyphenmin` is five in English).
const MIN_WORD: usize = 5;

/// The fewest letters before a break (TeX's `\lefthyphenmin` in English).
const MIN_BEFORE: usize = 2;

/// The fewest letters after a break (TeX's `\righthyphenmin` in English).
const MIN_AFTER: usize = 3;

/// Words in capitals shorter than this are taken for acronyms and never broken.
const MIN_CAPITALS: usize = 7;

/// A language's hyphenation patterns.
pub struct Hyphenator {
    dict: Option<Standard>,
}

impl Hyphenator {
    /// Loads the patterns for a BCP 47 language tag; a language without patterns is not
    /// hyphenated at all (better than with another language's patterns).
    pub fn new(lang: &str) -> Hyphenator {
        Hyphenator {
            dict: language(lang).and_then(|l| Standard::from_embedded(l).ok()),
        }
    }

    /// Returns the byte offsets where the word may break, in increasing order. The word
    /// must be letters only (split compounds at their hyphens first).
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        let Some(dict) = &self.dict else {
            return Vec::new();
        };
        let n = word.chars().count();
        // Capitals: acronyms (`USSR`, `POUM`) stay whole; long words set in capitals, as a
        // resolution's text may be, break as any other.
        if n < MIN_WORD || (n < MIN_CAPITALS && word.chars().all(char::is_uppercase)) {
            return Vec::new();
        }
        // At least two letters before a break and three after, whatever the language's
        // own minima (Italian's allow `firmata-ri`): a two-letter line start reads as a
        // word of its own.
        let chars: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        let (first, last) = (chars[MIN_BEFORE], chars[n - MIN_AFTER]);
        dict.hyphenate(word)
            .breaks
            .into_iter()
            .filter(|&b| b >= first && b <= last)
            .collect()
    }
}

/// Maps a language tag to its patterns.
fn language(tag: &str) -> Option<Language> {
    let tag = tag.to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    Some(match primary {
        "en" if tag.contains("gb") || tag.contains("uk") => Language::EnglishGB,
        "en" => Language::EnglishUS,
        "fr" => Language::French,
        "de" => Language::German1996,
        "it" => Language::Italian,
        "es" => Language::Spanish,
        "pt" => Language::Portuguese,
        "ru" => Language::Russian,
        "nl" => Language::Dutch,
        "pl" => Language::Polish,
        "sv" => Language::Swedish,
        "da" => Language::Danish,
        "ca" => Language::Catalan,
        "cs" => Language::Czech,
        "uk" => Language::Ukrainian,
        "el" => Language::GreekMono,
        "tr" => Language::Turkish,
        "hu" => Language::Hungarian,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(h: &Hyphenator, w: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for b in h.breaks(w) {
            out.push_str(&w[last..b]);
            out.push('-');
            last = b;
        }
        out.push_str(&w[last..]);
        out
    }

    #[test]
    fn english_and_french_words_break_by_their_patterns() {
        let en = Hyphenator::new("en");
        assert_eq!(split(&en, "hyphenation"), "hy-phen-a-tion");
        assert_eq!(split(&en, "revolutionary"), "rev-o-lu-tion-ary");
        assert_eq!(split(&en, "text"), "text");
        let it = Hyphenator::new("it");
        assert!(
            !split(&it, "firmatari").ends_with("-ri"),
            "{}",
            split(&it, "firmatari")
        );
        let fr = Hyphenator::new("fr-FR");
        assert_eq!(split(&fr, "typographie"), "ty-po-gra-phie");
        assert!(Hyphenator::new("xx").breaks("anything").is_empty());
    }

    #[test]
    fn joined_syllables_give_back_the_word_and_respect_the_minima() {
        let en = Hyphenator::new("en");
        for w in ["internationalism", "bureaucracy", "proletariat", "Trotsky"] {
            let b = en.breaks(w);
            assert!(b.iter().all(|&i| i >= 2 && w.len() - i >= 3), "{w}: {b:?}");
            assert_eq!(split(&en, w).replace('-', ""), w);
        }
    }
}
