//! What a page declares of itself in its head, apart from its text: the title, authors and
//! date of its `<meta>` tags (`author`, Open Graph's `og:title` and
//! `article:published_time`, Highwire's `citation_*`, Dublin Core's `DC.*`) and of its
//! schema.org JSON-LD. A site fills these in by template, so they are weaker evidence
//! than the text's own header: the recognizer takes them only where the text says
//! nothing, and says that it did. Also where the page lives (its canonical address, or
//! the one a browser saved it from) and the licence it links to (`rel="license"`).

use crate::import::Declared;
use crate::model::Licence;

use super::dom::{Data, Dom, Id, ROOT};

/// The `<meta>` names (or properties) that give each field, strongest first.
const TITLE_KEYS: &[&str] = &["citation_title", "dc.title", "dcterms.title", "og:title"];
const AUTHOR_KEYS: &[&str] = &[
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    // The New York Times's `By Jane Doe`.
    "byl",
];
const DATE_KEYS: &[&str] = &[
    "citation_publication_date",
    "citation_date",
    "article:published_time",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "og:article:published_time",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "pubdate",
    "date",
];

/// `<meta>` names (or properties) that state the page's rights, strongest first.
const RIGHTS_KEYS: &[&str] = &["dcterms.license", "dcterms.rights", "dc.rights"];

/// The longest statement around a licence link taken whole (`Text is available under
/// the … License; additional terms may apply.`); in a longer block, the link's own text.
const LONGEST_STATEMENT: usize = 300;

/// Reads what the page declares of itself; `text` is the page's source, whose opening
/// comment may say where a browser saved it from.
pub(crate) fn declared(dom: &Dom, text: &str) -> Declared {
    let metas: Vec<(String, String)> = dom
        .descendants(ROOT)
        .into_iter()
        .filter(|&n| dom.tag(n) == "meta")
        .filter_map(|n| {
            let key = dom.attr(n, "name").or_else(|| dom.attr(n, "property"))?;
            // Some tools that save a page write `content` as `value`.
            let value = dom
                .attr(n, "content")
                .or_else(|| dom.attr(n, "value"))?
                .trim();
            (!value.is_empty()).then(|| (key.trim().to_ascii_lowercase(), collapse(value)))
        })
        .collect();
    let first = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    };
    let ld = json_ld(dom);
    let title = first(TITLE_KEYS).or(ld.title).or_else(|| {
        dom.find(ROOT, "title")
            .map(|t| collapse(&dom.text(t)))
            .filter(|t| !t.is_empty())
    });
    // Several `citation_author` tags name several authors; one `author` tag may list them.
    let authors: Vec<String> = AUTHOR_KEYS
        .iter()
        .map(|k| {
            metas
                .iter()
                .filter(|(key, _)| key == k)
                // Open Graph gives a profile's address here as often as a name.
                .filter(|(_, v)| !v.contains("://"))
                .map(|(_, v)| strip_by(v).to_string())
                .collect::<Vec<_>>()
        })
        .find(|v| !v.is_empty())
        .or_else(|| (!ld.authors.is_empty()).then_some(ld.authors))
        .unwrap_or_else(|| marked_authors(dom));
    let date = first(DATE_KEYS)
        .or(ld.date)
        .or_else(|| marked_date(dom))
        .map(|d| day(&d));
    // The page's language: its root's `lang` (or `xml:lang`), else a content-language
    // header.
    let language = dom
        .find(ROOT, "html")
        .and_then(|h| dom.attr(h, "lang").or_else(|| dom.attr(h, "xml:lang")))
        .map(str::to_string)
        .or_else(|| {
            dom.descendants(ROOT)
                .into_iter()
                .filter(|&n| dom.tag(n) == "meta")
                .find(|&n| {
                    dom.attr(n, "http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("content-language"))
                })
                .and_then(|n| dom.attr(n, "content"))
                .map(str::to_string)
        })
        .map(|l| l.trim().to_string())
        .filter(|l| crate::model::language::is_bcp47(l));
    let address = dom
        .descendants(ROOT)
        .into_iter()
        .find(|&n| dom.tag(n) == "link" && rel_is(dom, n, "canonical"))
        .and_then(|n| dom.attr(n, "href"))
        .map(str::to_string)
        .or_else(|| first(&["og:url"]))
        .or(ld.url)
        .or_else(|| saved_from(text))
        .map(|a| a.trim().to_string())
        .filter(|a| web_address(a));
    let licence = licence_link(dom)
        .or_else(|| first(RIGHTS_KEYS).map(|r| Licence::recognize(&r)))
        .or_else(|| ld.licence.map(|l| Licence::recognize(&l)));
    Declared {
        title,
        authors,
        date,
        language,
        address,
        licence,
    }
}

/// Whether an element's `rel` names the relation (`rel="license noopener"`).
fn rel_is(dom: &Dom, n: Id, relation: &str) -> bool {
    dom.attr(n, "rel").is_some_and(|r| {
        r.split_whitespace()
            .any(|w| w.eq_ignore_ascii_case(relation))
    })
}

/// Whether an address is a well-formed web address, the only kind a book cites.
fn web_address(a: &str) -> bool {
    let rest = a
        .strip_prefix("https://")
        .or_else(|| a.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

/// The address a browser wrote in the comment that opens a page it saved: Chrome's and
/// Internet Explorer's `<!-- saved from url=(0042)https://… -->`, SingleFile's `url: …`.
fn saved_from(text: &str) -> Option<String> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut head = &text[..end];
    while let Some(open) = head.find("<!--") {
        let body = &head[open + 4..];
        let close = body.find("-->").unwrap_or(body.len());
        let comment = &body[..close];
        if let Some(at) = comment.find("saved from url=") {
            let rest = &comment[at + "saved from url=".len()..];
            // The address's length in parentheses comes first.
            let rest = rest
                .strip_prefix('(')
                .and_then(|r| r.split_once(')'))
                .map_or(rest, |(_, r)| r);
            return rest.split_whitespace().next().map(str::to_string);
        }
        if comment.contains("SingleFile") {
            if let Some(line) = comment.lines().find_map(|l| l.trim().strip_prefix("url:")) {
                return Some(line.trim().to_string());
            }
        }
        head = &body[close..];
    }
    None
}

/// The licence a page links to as its own (`<a rel="license" href="…/by-sa/4.0/">`):
/// the statement around the link (its block's text where that is short, else the link's
/// text), recognized by its words or, where they name no licence (`Some rights
/// reserved`), by the address it links to.
fn licence_link(dom: &Dom) -> Option<Licence> {
    let n = dom
        .descendants(ROOT)
        .into_iter()
        .find(|&n| matches!(dom.tag(n), "a" | "link") && rel_is(dom, n, "license"))?;
    let href = dom.attr(n, "href").map(str::trim).unwrap_or_default();
    let own = collapse(&dom.text(n));
    let around = dom
        .ancestors(n)
        .find(|&a| super::blocks::is_block(dom, a))
        .map(|a| collapse(&dom.text(a)))
        .filter(|t| t.chars().count() <= LONGEST_STATEMENT && t.contains(own.as_str()));
    let statement = around
        .or_else(|| (!own.is_empty()).then(|| own.clone()))
        .unwrap_or_else(|| href.to_string());
    if statement.is_empty() {
        return None;
    }
    let mut licence = Licence::recognize(&statement);
    let by_address = Licence::recognize(href);
    if licence.url.is_none() && by_address.name.is_some() {
        licence = Licence {
            text: licence.text,
            ..by_address
        };
    }
    Some(licence)
}

/// White space collapsed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The day of a timestamp (`2023-04-17T09:00:00+00:00` → `2023-04-17`, `20160926` →
/// `2016-09-26`); any other form as it is written (`1 May 1920`), for the recognizer to
/// read as it reads dates.
fn day(s: &str) -> String {
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]);
    }
    match s.split_once('T') {
        Some((d, _)) if iso_day(d) => d.to_string(),
        _ => s.to_string(),
    }
}

/// Whether a text is a day as ISO 8601 writes it (`2016-12-15`).
fn iso_day(d: &str) -> bool {
    let b = d.as_bytes();
    d.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && d.bytes().filter(u8::is_ascii_digit).count() == 8
}

/// A by-line's name without its `By`.
fn strip_by(v: &str) -> &str {
    ["By ", "by ", "BY "]
        .iter()
        .find_map(|b| v.strip_prefix(b))
        .unwrap_or(v)
        .trim()
}

/// The most names a page's author markup may give before it reads as a list of other
/// articles' authors (a sidebar's, a magazine's front page).
const MOST_MARKED_AUTHORS: usize = 2;

/// The authors the page's body marks as such, where its head says none, strongest
/// first: schema.org's microdata (`itemprop="author"`, its `name` inside), links to an
/// author's page (`rel="author"`), then the first block whose class or id calls it the
/// by-line (`byline`, `author-name`, `authors-detail`), as Readability reads it, at its
/// shortest part that is a name. A page
/// that marks many is a list of others' articles: none of that kind.
fn marked_authors(dom: &Dom) -> Vec<String> {
    let nodes = dom.descendants(ROOT);
    let prop = |n: Id, name: &str| {
        dom.attr(n, "itemprop")
            .is_some_and(|p| p.split_whitespace().any(|w| w == name))
    };
    let name_of = |n: Id| {
        let inner = dom
            .descendants(n)
            .into_iter()
            .find(|&c| c != n && prop(c, "name"));
        let at = inner.unwrap_or(n);
        let name = dom
            .attr(at, "content")
            .map(collapse)
            .or_else(|| dom.short_text(at, BYLINE_LONGEST).map(|t| collapse(&t)))
            .unwrap_or_default();
        strip_by(&name).to_string()
    };
    let distinct = |found: Vec<String>| {
        let mut out: Vec<String> = Vec::new();
        for f in found {
            if !f.is_empty() && !f.contains("://") && !out.contains(&f) {
                out.push(f);
            }
        }
        (!out.is_empty() && out.len() <= MOST_MARKED_AUTHORS).then_some(out)
    };
    let by_prop = nodes
        .iter()
        .filter(|&&n| prop(n, "author"))
        .map(|&n| name_of(n));
    let by_rel = nodes
        .iter()
        .filter(|&&n| dom.tag(n) == "a" && rel_is(dom, n, "author"))
        .map(|&n| name_of(n));
    distinct(by_prop.collect())
        .or_else(|| distinct(by_rel.collect()))
        .or_else(|| {
            // The first by-line, read at its narrowest part that is a name (the link in
            // `by <a class="author-name">Larry Fitzmaurice</a> Contributor`).
            let first = nodes
                .iter()
                .copied()
                .find(|&n| dom.tag(n) != "meta" && byline_class(dom, n))?;
            let mut parts: Vec<Id> = dom
                .descendants(first)
                .into_iter()
                .filter(|&c| c != first && byline_class(dom, c))
                .collect();
            parts.push(first);
            let mut names: Vec<String> = parts.into_iter().map(name_of).collect();
            names.sort_by_key(String::len);
            names
                .into_iter()
                // One word (`Contributor`, a role) names no one.
                .find(|t| t.contains(' ') && crate::import::lexicon::name(t))
                .map(|t| vec![t])
        })
        .unwrap_or_default()
}

/// The longest text a by-line's block holds (Readability's limit).
const BYLINE_LONGEST: usize = 100;

/// Whether an element's class or id calls it the by-line.
fn byline_class(dom: &Dom, n: Id) -> bool {
    let said = format!(
        "{} {}",
        dom.attr(n, "class").unwrap_or_default(),
        dom.attr(n, "id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    ["byline", "author", "writtenby", "p-author"]
        .iter()
        .any(|w| said.contains(w))
}

/// The date the page's body marks as its publication's: microdata's `datePublished`, a
/// `<time pubdate>`, or the one day all its `<time datetime>` elements agree on.
fn marked_date(dom: &Dom) -> Option<String> {
    let nodes = dom.descendants(ROOT);
    let stamp = |n: Id| {
        dom.attr(n, "datetime")
            .or_else(|| dom.attr(n, "content"))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let published = nodes.iter().copied().find(|&n| {
        dom.attr(n, "itemprop")
            .is_some_and(|p| p.split_whitespace().any(|w| w == "datePublished"))
            || (dom.tag(n) == "time" && dom.attr(n, "pubdate").is_some())
    });
    if let Some(d) = published.and_then(stamp) {
        return Some(d);
    }
    let mut days = nodes
        .iter()
        .filter(|&&n| dom.tag(n) == "time")
        .filter_map(|&n| dom.attr(n, "datetime"))
        .map(day)
        .filter(|d| iso_day(d));
    let first = days.next()?;
    days.all(|d| d == first).then_some(first)
}

/// The schema.org article a page describes in JSON-LD: its headline, authors and date.
#[derive(Default)]
struct LinkedData {
    title: Option<String>,
    authors: Vec<String>,
    date: Option<String>,
    url: Option<String>,
    licence: Option<String>,
}

fn json_ld(dom: &Dom) -> LinkedData {
    let mut out = LinkedData::default();
    for n in dom.descendants(ROOT) {
        let is_ld = dom.tag(n) == "script"
            && dom
                .attr(n, "type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let text: String = dom
            .children(n)
            .iter()
            .filter_map(|&c| match &dom.nodes[c].data {
                Data::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        // A page's broken JSON is no error of the book's: it declares nothing.
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if let Some(article) = find_article(&value) {
            let text_of = |key: &str| {
                article
                    .get(key)
                    .and_then(|v| v.as_str())
                    .map(collapse)
                    .filter(|s| !s.is_empty())
            };
            out.title = text_of("headline").or_else(|| text_of("name"));
            out.date = text_of("datePublished").or_else(|| text_of("dateCreated"));
            out.authors = names(article.get("author"));
            out.url = text_of("url");
            out.licence = text_of("license");
            return out;
        }
    }
    out
}

/// The types of schema.org's creative works that are a text.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ScholarlyArticle",
    "Report",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "SocialMediaPosting",
    "Book",
    "Chapter",
    "CreativeWork",
];

/// The first article in a JSON-LD value: itself, an item of a list, or of an `@graph`.
fn find_article(v: &serde_json::Value) -> Option<&serde_json::Value> {
    match v {
        serde_json::Value::Array(items) => items.iter().find_map(find_article),
        serde_json::Value::Object(map) => {
            let typed = |t: &serde_json::Value| {
                t.as_str().is_some_and(|s| ARTICLE_TYPES.contains(&s))
                    || t.as_array().is_some_and(|a| {
                        a.iter()
                            .any(|x| x.as_str().is_some_and(|s| ARTICLE_TYPES.contains(&s)))
                    })
            };
            if map.get("@type").is_some_and(typed) {
                return Some(v);
            }
            map.get("@graph").and_then(find_article)
        }
        _ => None,
    }
}

/// The names of a JSON-LD `author`: a string, a person, or a list of either.
fn names(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => vec![collapse(s)],
        Some(serde_json::Value::Object(m)) => m
            .get("name")
            .and_then(|n| n.as_str())
            .map(|n| vec![collapse(n)])
            .unwrap_or_default(),
        Some(serde_json::Value::Array(items)) => {
            items.iter().flat_map(|i| names(Some(i))).collect()
        }
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|n| !n.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(head: &str) -> Declared {
        let page = format!("<html><head>{head}</head><body><p>x</p></body></html>");
        declared(&Dom::parse(&page), &page)
    }

    #[test]
    fn meta_tags_declare_title_authors_and_date() {
        let d = read(
            "<title>The Long Strike | Weekly</title>\
             <meta property=\"og:title\" content=\"The Long Strike\">\
             <meta name=\"author\" content=\"Jane  Doe\">\
             <meta property=\"article:published_time\" content=\"2023-04-17T09:00:00+00:00\">",
        );
        assert_eq!(d.title.as_deref(), Some("The Long Strike"));
        assert_eq!(d.authors, ["Jane Doe"]);
        assert_eq!(d.date.as_deref(), Some("2023-04-17"));
        // Scholarly tags: one author a tag, a year alone.
        let d = read(
            "<meta name=\"citation_author\" content=\"A. One\">\
             <meta name=\"citation_author\" content=\"B. Two\">\
             <meta name=\"citation_date\" content=\"1998\">",
        );
        assert_eq!(d.authors, ["A. One", "B. Two"]);
        assert_eq!(d.date.as_deref(), Some("1998"));
        assert_eq!(d.title, None);
    }

    #[test]
    fn the_body_marks_its_author_and_date_where_the_head_is_silent() {
        let page = "<html><body><article><p>By <a rel=\"author\" href=\"/a/will\">Will \
             Leitch</a></p><time datetime=\"2016-11-18T05:00:00\">Nov. 18</time><p>Text.</p>\
             </article></body></html>";
        let d = declared(&Dom::parse(page), page);
        assert_eq!(d.authors, ["Will Leitch"]);
        assert_eq!(d.date.as_deref(), Some("2016-11-18"));
        // A list of other articles' authors and days names none.
        let list = "<html><body><a rel=\"author\">Ann Lee</a><a rel=\"author\">Tom Price\
             </a><a rel=\"author\">Jo Bell</a><time datetime=\"2016-01-02\"></time><time \
             datetime=\"2016-03-04\"></time></body></html>";
        let d = declared(&Dom::parse(list), list);
        assert!(d.authors.is_empty() && d.date.is_none(), "{:?}", d.date);
        let compact = "<html><head><meta name=\"pubdate\" value=\"20160926\"></head></html>";
        assert_eq!(
            declared(&Dom::parse(compact), compact).date.as_deref(),
            Some("2016-09-26")
        );
    }

    #[test]
    fn json_ld_declares_an_article() {
        let d = read(
            "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebSite\",\
             \"name\":\"Site\"},{\"@type\":[\"NewsArticle\"],\"headline\":\"Dockers Vote\",\
             \"author\":[{\"@type\":\"Person\",\"name\":\"Tom Price\"},\"Ann Lee\"],\
             \"datePublished\":\"2021-11-02T18:30:00Z\"}]}</script>",
        );
        assert_eq!(d.title.as_deref(), Some("Dockers Vote"));
        assert_eq!(d.authors, ["Tom Price", "Ann Lee"]);
        assert_eq!(d.date.as_deref(), Some("2021-11-02"));
    }

    #[test]
    fn a_page_declares_where_it_lives_and_its_licence() {
        let d = read(
            "<link rel=\"canonical\" href=\"https://example.org/strike\">\
             <meta property=\"og:url\" content=\"https://example.org/other\">\
             <link rel=\"license\" href=\"https://creativecommons.org/licenses/by-nc/4.0/\">",
        );
        assert_eq!(d.address.as_deref(), Some("https://example.org/strike"));
        let l = d.licence.expect("a licence");
        assert_eq!(
            l.name.as_deref(),
            Some("Creative Commons Attribution-NonCommercial")
        );
        assert_eq!(
            l.url.as_deref(),
            Some("https://creativecommons.org/licenses/by-nc/4.0/")
        );
        // A relative or other address is none a book can cite.
        assert_eq!(
            read("<link rel=\"canonical\" href=\"/strike\">").address,
            None
        );
        assert_eq!(
            read("<meta property=\"og:url\" content=\"ftp://x/y\">").address,
            None
        );
    }

    #[test]
    fn a_saved_page_says_where_it_was_saved_from() {
        let chrome =
            "<!-- saved from url=(0031)https://example.org/post.html -->\n<html><p>x</p></html>";
        assert_eq!(
            declared(&Dom::parse(chrome), chrome).address.as_deref(),
            Some("https://example.org/post.html")
        );
        let single = "<!DOCTYPE html> <html><!--\n Page saved with SingleFile \n url: https://example.org/b \n saved date: Mon Jan 01 2024\n--><p>x</p></html>";
        assert_eq!(
            declared(&Dom::parse(single), single).address.as_deref(),
            Some("https://example.org/b")
        );
    }

    #[test]
    fn a_long_page_of_another_script_is_read_without_cutting_a_letter() {
        // Byte 4096, where the head is cut, falls inside a three-byte letter.
        let page = format!("<html><body><p>xy{}</p></body></html>", "щ中".repeat(900));
        assert!(!page.is_char_boundary(4096));
        assert_eq!(declared(&Dom::parse(&page), &page).address, None);
    }

    #[test]
    fn a_licence_link_is_read_with_the_statement_around_it() {
        let page = "<html><body><p>Text.</p><p>This work is licensed under a \
             <a rel=\"license\" href=\"http://creativecommons.org/licenses/by-sa/3.0/\">Creative \
             Commons License</a>.</p></body></html>";
        let l = declared(&Dom::parse(page), page)
            .licence
            .expect("a licence");
        assert_eq!(
            l.text,
            "This work is licensed under a Creative Commons License."
        );
        // The words name no kind of licence: the address it links to does.
        assert_eq!(
            l.url.as_deref(),
            Some("https://creativecommons.org/licenses/by-sa/3.0/")
        );
        assert!(l.share_alike);
    }

    #[test]
    fn what_is_no_name_or_date_is_not_declared() {
        let d = read(
            "<meta property=\"article:author\" content=\"https://facebook.com/x\">\
             <meta name=\"date\" content=\"last Tuesday\">\
             <script type=\"application/ld+json\">{not json</script>",
        );
        assert!(d.authors.is_empty());
        // Read as written: the recognizer reads no date in it.
        assert_eq!(d.date.as_deref(), Some("last Tuesday"));
    }
}
