//! Licences: the rights statement as given, and what it is when we recognize it.

use serde::{Deserialize, Serialize};

/// A licence or rights statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    /// The statement as the source gives it (`Creative Commons (Attribute & ShareAlike) 2005.`).
    pub text: String,
    /// Its canonical name when recognized (`Creative Commons Attribution-ShareAlike`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The licence's deed, when recognized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether the licence asks for attribution (so editions must print it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub attribution: bool,
    /// Whether adaptations must be shared under the same licence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub share_alike: bool,
}

impl Licence {
    /// Reads a rights statement and recognizes Creative Commons licences (in their many
    /// spellings), the public domain and the GNU FDL.
    pub fn recognize(text: &str) -> Licence {
        let text = text.trim().to_string();
        let l = text.to_lowercase();
        let squashed: String = l.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut licence = Licence {
            text,
            name: None,
            url: None,
            attribution: false,
            share_alike: false,
        };
        if squashed.contains("creativecommons") || has_token(&l, "cc") {
            let by = squashed.contains("attribut") || has_token(&l, "by");
            let nc = squashed.contains("noncommercial") || has_token(&l, "nc");
            let nd = squashed.contains("noderiv") || has_token(&l, "nd");
            let sa = squashed.contains("sharealike") || has_token(&l, "sa");
            if has_token(&l, "cc0") || squashed.contains("zero") {
                licence.name = Some("CC0 Public Domain Dedication".into());
                licence.url = Some("https://creativecommons.org/publicdomain/zero/1.0/".into());
                return licence;
            }
            let mut parts = Vec::new();
            let mut code = Vec::new();
            if by || nc || nd || sa {
                parts.push("Attribution");
                code.push("by");
            }
            if nc {
                parts.push("NonCommercial");
                code.push("nc");
            }
            if nd {
                parts.push("NoDerivatives");
                code.push("nd");
            } else if sa {
                parts.push("ShareAlike");
                code.push("sa");
            }
            if parts.is_empty() {
                licence.name = Some("Creative Commons".into());
                return licence;
            }
            licence.name = Some(format!("Creative Commons {}", parts.join("-")));
            let version = version_in(&l).unwrap_or_default();
            licence.url = Some(format!(
                "https://creativecommons.org/licenses/{}/{}",
                code.join("-"),
                if version.is_empty() {
                    String::new()
                } else {
                    format!("{version}/")
                }
            ));
            licence.attribution = true;
            licence.share_alike = sa && !nd;
        } else if squashed.contains("publicdomain") || squashed.contains("pubblicodominio") {
            licence.name = Some("Public domain".into());
        } else if squashed.contains("gnufreedocumentation") || has_token(&l, "gfdl") {
            licence.name = Some("GNU Free Documentation License".into());
            licence.url = Some("https://www.gnu.org/licenses/fdl-1.3.html".into());
            licence.attribution = true;
            licence.share_alike = true;
        }
        licence
    }
}

/// Says whether `word` stands in `text` as a token of its own (`CC BY-SA`).
fn has_token(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|t| t == word)
}

/// Finds a licence version such as `4.0` or `2.5`.
fn version_in(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(2)).find_map(|i| {
        let ok = b[i].is_ascii_digit()
            && b[i + 1] == b'.'
            && b[i + 2].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 3).is_none_or(|c| !c.is_ascii_digit());
        ok.then(|| text[i..i + 3].to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archives_copyleft_is_cc_by_sa() {
        let l = Licence::recognize("Creative Commons (Attribute & ShareAlike) 2005.");
        assert_eq!(
            l.name.as_deref(),
            Some("Creative Commons Attribution-ShareAlike")
        );
        assert_eq!(
            l.url.as_deref(),
            Some("https://creativecommons.org/licenses/by-sa/")
        );
        assert!(l.attribution && l.share_alike);
    }

    #[test]
    fn short_forms_and_versions() {
        let l = Licence::recognize("CC BY-NC-ND 4.0");
        assert_eq!(
            l.name.as_deref(),
            Some("Creative Commons Attribution-NonCommercial-NoDerivatives")
        );
        assert_eq!(
            l.url.as_deref(),
            Some("https://creativecommons.org/licenses/by-nc-nd/4.0/")
        );
        assert!(!l.share_alike);
        assert_eq!(
            Licence::recognize("Public Domain: Marxists Internet Archive (2003).")
                .name
                .as_deref(),
            Some("Public domain")
        );
        assert_eq!(Licence::recognize("© the author").name, None);
    }
}
