//! What a page declares of itself in its head, apart from its text: the title, authors and
//! date of its `<meta>` tags (`author`, Open Graph's `og:title` and
//! `article:published_time`, Highwire's `citation_*`, Dublin Core's `DC.*`) and of its
//! schema.org JSON-LD. A site fills these in by template, so they are weaker evidence
//! than the text's own header: the recognizer takes them only where the text says
//! nothing, and says that it did.

use crate::import::Declared;

use super::dom::{Data, Dom, ROOT};

/// The `<meta>` names (or properties) that give each field, strongest first.
const TITLE_KEYS: &[&str] = &["citation_title", "dc.title", "dcterms.title", "og:title"];
const AUTHOR_KEYS: &[&str] = &[
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "author",
    "article:author",
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
    "date",
];

/// Reads what the page's head declares.
pub(crate) fn declared(dom: &Dom) -> Declared {
    let metas: Vec<(String, String)> = dom
        .descendants(ROOT)
        .into_iter()
        .filter(|&n| dom.tag(n) == "meta")
        .filter_map(|n| {
            let key = dom.attr(n, "name").or_else(|| dom.attr(n, "property"))?;
            let value = dom.attr(n, "content")?.trim();
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
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        })
        .find(|v| !v.is_empty())
        .unwrap_or(ld.authors);
    let date = first(DATE_KEYS).or(ld.date).map(|d| day(&d));
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
    Declared {
        title,
        authors,
        date,
        language,
    }
}

/// White space collapsed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The day of a timestamp (`2023-04-17T09:00:00+00:00` → `2023-04-17`); any other
/// form as it is written (`1 May 1920`), for the recognizer to read as it reads dates.
fn day(s: &str) -> String {
    match s.split_once('T') {
        Some((d, _)) if d.len() == 10 && d.as_bytes()[4] == b'-' => d.to_string(),
        _ => s.trim().to_string(),
    }
}

/// The schema.org article a page describes in JSON-LD: its headline, authors and date.
#[derive(Default)]
struct LinkedData {
    title: Option<String>,
    authors: Vec<String>,
    date: Option<String>,
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
        declared(&Dom::parse(&format!(
            "<html><head>{head}</head><body><p>x</p></body></html>"
        )))
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
