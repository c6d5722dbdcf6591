//! Typography for raw text: curly quotes and apostrophes, dashes, ellipses, and the
//! no-break spaces of French guillemets. Nothing else is reworded.

/// Turns straight punctuation into typographic punctuation, piece by piece: the context
/// (the character before) carries over from one piece to the next, so that pieces that
/// must stay as they are (addresses, note markers) can sit between them.
#[derive(Debug, Default)]
pub(crate) struct Smartener {
    prev: Option<char>,
    french: bool,
}

/// Words that an apostrophe opens (’tis, rock ’n’ roll), never a quotation.
const ELIDED: &[&str] = &["n", "em", "tis", "twas", "cause", "til", "round"];

impl Smartener {
    /// Makes a smartener; `french` adds no-break spaces inside « ».
    pub(crate) fn new(french: bool) -> Self {
        Smartener { prev: None, french }
    }

    /// Starts a new paragraph: nothing before it is context.
    pub(crate) fn reset(&mut self) {
        self.prev = None;
    }

    /// Notes text that was passed through unchanged, for context.
    pub(crate) fn skip(&mut self, s: &str) {
        if let Some(c) = s.chars().last() {
            self.prev = Some(c);
        }
    }

    /// Converts a piece of text.
    pub(crate) fn convert(&mut self, s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let opens = self
                .prev
                .is_none_or(|p| p.is_whitespace() || "([{<“‘—–-/*«„".contains(p));
            // One character out for each character (or run) in: no allocation per char.
            let piece: char = match c {
                '"' => {
                    // At the end of a piece the next character is unknown (an address may
                    // follow): the context decides.
                    if opens && next.is_none_or(|n| !n.is_whitespace()) {
                        '“'
                    } else {
                        '”'
                    }
                }
                '\'' => {
                    let prev_word = self.prev.is_some_and(char::is_alphanumeric);
                    let elided = || {
                        let rest: String = chars[i + 1..]
                            .iter()
                            .take_while(|c| c.is_alphanumeric())
                            .collect::<String>()
                            .to_lowercase();
                        ELIDED.contains(&rest.as_str())
                    };
                    if prev_word
                        || next.is_some_and(|n| n.is_ascii_digit())
                        || !opens
                        || next.is_none_or(char::is_whitespace)
                        || elided()
                    {
                        '’'
                    } else {
                        '‘'
                    }
                }
                '-' if next == Some('-') => {
                    // `--` and `---` both become an em dash.
                    while chars.get(i + 1) == Some(&'-') {
                        i += 1;
                    }
                    '—'
                }
                '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                    while chars.get(i + 1) == Some(&'.') {
                        i += 1;
                    }
                    '…'
                }
                ' ' if self.french && (self.prev == Some('«') || next == Some('»')) => '\u{a0}',
                other => other,
            };
            out.push(piece);
            self.prev = Some(piece);
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart(s: &str) -> String {
        Smartener::new(false).convert(s)
    }

    #[test]
    fn quotes_apostrophes_dashes_ellipses() {
        assert_eq!(
            smart(r#"He said "don't" -- twice..."#),
            "He said “don’t” — twice…"
        );
        assert_eq!(
            smart("the '80s and rock 'n' roll"),
            "the ’80s and rock ’n’ roll"
        );
        assert_eq!(
            smart("'quoted' and workers' state"),
            "‘quoted’ and workers’ state"
        );
        assert_eq!(smart(r#"(1938)- *"THE LIFE""#), "(1938)- *“THE LIFE”");
        assert_eq!(smart(r#""nested 'inner' quote""#), "“nested ‘inner’ quote”");
    }

    #[test]
    fn context_carries_across_pieces() {
        let mut s = Smartener::new(false);
        let a = s.convert("see \"");
        s.skip("http://x");
        assert_eq!(a, "see “");
        assert_eq!(s.convert("\" now"), "” now");
    }

    #[test]
    fn french_guillemets_get_no_break_spaces() {
        assert_eq!(Smartener::new(true).convert("« oui »"), "«\u{a0}oui\u{a0}»");
    }
}
