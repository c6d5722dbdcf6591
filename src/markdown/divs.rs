//! Fenced divs (pandoc's `::: dateline` … `:::`), which CommonMark lacks.
//!
//! A pass before pulldown-cmark turns each fence line at the margin into a one-line HTML
//! comment that CommonMark reads as an HTML block (which may interrupt a paragraph), so the
//! reader sees where a div opens and closes while every other line keeps its number.

/// The comment that opens a div; the class follows.
pub(crate) const OPEN: &str = "<!--samizdat:div ";
/// The comment that closes a div.
pub(crate) const CLOSE: &str = "<!--samizdat:/div-->";

/// Rewrites the fence lines of fenced divs, leaving code blocks alone.
pub(crate) fn mark_fences(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut code = CodeFences::default();
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let indent = body.len() - body.trim_start_matches(' ').len();
        let trimmed = &body[indent..];
        if !code.in_code(body) && indent == 0 {
            if let Some(fence) = fence_line(trimmed) {
                match fence {
                    Fence::Open(class) => {
                        out.push_str(OPEN);
                        out.push_str(&class);
                        out.push_str("-->");
                    }
                    Fence::Close => out.push_str(CLOSE),
                }
                out.push_str(ending);
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// Follows a manuscript's fenced code blocks line by line, so that passes over its
/// lines leave code alone.
#[derive(Debug, Default)]
pub(crate) struct CodeFences {
    /// The open fence's character and length.
    open: Option<(char, usize)>,
}

impl CodeFences {
    /// Says whether a line (without its line end) is code: inside a fenced block or one
    /// of its fences.
    pub(crate) fn in_code(&mut self, line: &str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        if let Some((c, n)) = self.open {
            if indent < 4 {
                let run = trimmed.chars().take_while(|&x| x == c).count();
                if run >= n && trimmed[run * c.len_utf8()..].trim().is_empty() {
                    self.open = None;
                }
            }
            return true;
        }
        if indent < 4 {
            if let Some(c) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') {
                let run = trimmed.chars().take_while(|&x| x == c).count();
                if run >= 3 {
                    self.open = Some((c, run));
                    return true;
                }
            }
        }
        false
    }
}

enum Fence {
    Open(String),
    Close,
}

/// Reads `:::`, `::: name`, `::: {.name #id}` or `:::: name ::::`.
fn fence_line(line: &str) -> Option<Fence> {
    let colons = line.chars().take_while(|&c| c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = line[colons..].trim().trim_end_matches(':').trim();
    if rest.is_empty() {
        return Some(Fence::Close);
    }
    let class = if let Some(attrs) = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        attrs
            .split_whitespace()
            .find_map(|a| a.strip_prefix('.'))
            .unwrap_or("")
            .to_string()
    } else if rest
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        rest.to_string()
    } else {
        return None;
    };
    Some(Fence::Open(class))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_comments_but_code_stays() {
        let text = "::: dateline\nAugust 10, 1936\n:::\n\n```\n::: code\n```\n::: {.closing #c}\nYours\n::::\n";
        let out = mark_fences(text);
        assert_eq!(
            out,
            "<!--samizdat:div dateline-->\nAugust 10, 1936\n<!--samizdat:/div-->\n\n```\n::: code\n```\n<!--samizdat:div closing-->\nYours\n<!--samizdat:/div-->\n"
        );
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn colons_in_prose_are_not_fences() {
        assert_eq!(mark_fences("::: what? :::\n"), "::: what? :::\n");
        assert_eq!(mark_fences("a :: b\n"), "a :: b\n");
    }
}
