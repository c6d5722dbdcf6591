//! What every edition says alike: the words of its own pages in the book's language, how
//! names are joined, and the facts of the sources and licence page.
//!
//! The EPUB and the PDF read these from here, so that both editions give the same facts
//! from the model in the same words; each only decides how to show them.

use crate::model::{Book, Creator, Document, Licence, Role, SourceKind};

/// The font credit both editions print on their sources and licence page.
pub const FONT_CREDIT: &str =
    "Set in EB Garamond by Georg Duffner, under the SIL Open Font License 1.1, whose text the font files carry.";

/// Joins names as a reader says them: `A`, `A and B`, `A, B and C`.
pub fn join_names(names: &[&str], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// Returns the names of the creators with the given role, in order.
pub fn names_with(creators: &[Creator], role: Role) -> Vec<&str> {
    creators
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.name.as_str())
        .collect()
}

/// The book's language: its own, else its first document's, else English.
pub fn language(book: &Book) -> String {
    book.meta
        .language
        .clone()
        .or_else(|| book.documents.iter().find_map(|d| d.language.clone()))
        .unwrap_or_else(|| "en".to_string())
}

/// The creators of the book as a whole: the book's, then each document's that the book
/// lacks, authors first.
pub fn book_creators(book: &Book) -> Vec<Creator> {
    let mut out: Vec<Creator> = Vec::new();
    for c in book
        .meta
        .creators
        .iter()
        .chain(book.documents.iter().flat_map(|d| &d.creators))
    {
        if !out.iter().any(|o| o.name == c.name && o.role == c.role) {
            out.push(c.clone());
        }
    }
    out.sort_by_key(|c| c.role);
    out
}

/// Words of the pages' own text, in the book's language where we know it.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// The contents page's title.
    pub contents: &'static str,
    /// The sources and licence page's title.
    pub sources: &'static str,
    /// What stands before translators' names.
    pub translated_by: &'static str,
    /// The word that joins the last two names.
    pub and: &'static str,
    /// The notes section's name.
    pub notes: &'static str,
    /// One note's name.
    pub note: &'static str,
    /// A link back from a note to its reference.
    pub back: &'static str,
    /// The months' names as a day's date writes them (`27 octobre`, `27 октября`).
    pub months: [&'static str; 12],
    /// The months' names standing alone, with a year only (`октябрь 2018 г.`), where
    /// the language writes them otherwise than in a day's date.
    pub months_alone: Option<[&'static str; 12]>,
    /// How a day's date is written: `{d}`, `{m}` and `{y}` stand for day, month, year.
    pub day_date: &'static str,
    /// How a month's date is written.
    pub month_date: &'static str,
}

impl Words {
    /// Picks the words for a language tag.
    pub fn for_language(lang: &str) -> Words {
        match lang.split('-').next().unwrap_or("") {
            "fr" => Words {
                contents: "Table des matières",
                sources: "Sources et licence",
                translated_by: "Traduit par",
                and: "et",
                notes: "Notes",
                note: "Note",
                back: "retour au texte",
                months: [
                    "janvier",
                    "février",
                    "mars",
                    "avril",
                    "mai",
                    "juin",
                    "juillet",
                    "août",
                    "septembre",
                    "octobre",
                    "novembre",
                    "décembre",
                ],
                months_alone: None,
                day_date: "{d} {m} {y}",
                month_date: "{m} {y}",
            },
            "it" => Words {
                contents: "Indice",
                sources: "Fonti e licenza",
                translated_by: "Traduzione di",
                and: "e",
                notes: "Note",
                note: "Nota",
                back: "torna al testo",
                months: [
                    "gennaio",
                    "febbraio",
                    "marzo",
                    "aprile",
                    "maggio",
                    "giugno",
                    "luglio",
                    "agosto",
                    "settembre",
                    "ottobre",
                    "novembre",
                    "dicembre",
                ],
                months_alone: None,
                day_date: "{d} {m} {y}",
                month_date: "{m} {y}",
            },
            "de" => Words {
                contents: "Inhalt",
                sources: "Quellen und Lizenz",
                translated_by: "Übersetzt von",
                and: "und",
                notes: "Anmerkungen",
                note: "Anmerkung",
                back: "zurück zum Text",
                months: [
                    "Januar",
                    "Februar",
                    "März",
                    "April",
                    "Mai",
                    "Juni",
                    "Juli",
                    "August",
                    "September",
                    "Oktober",
                    "November",
                    "Dezember",
                ],
                months_alone: None,
                day_date: "{d}. {m} {y}",
                month_date: "{m} {y}",
            },
            "es" => Words {
                contents: "Índice",
                sources: "Fuentes y licencia",
                translated_by: "Traducción de",
                and: "y",
                notes: "Notas",
                note: "Nota",
                back: "volver al texto",
                months: [
                    "enero",
                    "febrero",
                    "marzo",
                    "abril",
                    "mayo",
                    "junio",
                    "julio",
                    "agosto",
                    "septiembre",
                    "octubre",
                    "noviembre",
                    "diciembre",
                ],
                months_alone: None,
                day_date: "{d} de {m} de {y}",
                month_date: "{m} de {y}",
            },
            "ru" => Words {
                contents: "Содержание",
                sources: "Источники и лицензия",
                translated_by: "Перевод:",
                and: "и",
                notes: "Примечания",
                note: "Примечание",
                back: "назад к тексту",
                months: [
                    "января",
                    "февраля",
                    "марта",
                    "апреля",
                    "мая",
                    "июня",
                    "июля",
                    "августа",
                    "сентября",
                    "октября",
                    "ноября",
                    "декабря",
                ],
                months_alone: Some([
                    "январь",
                    "февраль",
                    "март",
                    "апрель",
                    "май",
                    "июнь",
                    "июль",
                    "август",
                    "сентябрь",
                    "октябрь",
                    "ноябрь",
                    "декабрь",
                ]),
                day_date: "{d} {m} {y} г.",
                month_date: "{m} {y} г.",
            },
            _ => Words {
                contents: "Contents",
                sources: "Sources and licence",
                translated_by: "Translated by",
                and: "and",
                notes: "Notes",
                note: "Note",
                back: "back to the text",
                months: [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ],
                months_alone: None,
                day_date: "{d} {m} {y}",
                month_date: "{m} {y}",
            },
        }
    }
}

impl Words {
    /// Writes an ISO date (`2018-10-27`, `1936-07`) as a reader of the language reads it
    /// (`27 October 2018`, `luglio 1936`); a year, or a date as the text wrote it, stays
    /// as it is.
    pub fn date(&self, date: &str) -> String {
        let parts: Vec<&str> = date.split('-').collect();
        let numeric = parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        let month = parts
            .get(1)
            .and_then(|m| m.parse::<usize>().ok())
            .filter(|m| (1..=12).contains(m));
        let ok = numeric && parts[0].len() == 4 && month.is_some();
        let (Some(m), true) = (month, ok) else {
            return date.to_string();
        };
        let fill = |pattern: &str, d: &str, name: &str| {
            pattern
                .replace("{d}", d)
                .replace("{m}", name)
                .replace("{y}", parts[0])
        };
        match parts.get(2).and_then(|d| d.parse::<u32>().ok()) {
            Some(d) if parts.len() == 3 && (1..=31).contains(&d) => {
                fill(self.day_date, &d.to_string(), self.months[m - 1])
            }
            _ if parts.len() == 2 => {
                let names = self.months_alone.as_ref().unwrap_or(&self.months);
                fill(self.month_date, "", names[m - 1])
            }
            _ => date.to_string(),
        }
    }
}

/// One document's entry on the sources and licence page.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceEntry {
    /// The document's title.
    pub title: String,
    /// Labelled facts, in order: author, date, the header's fields, the translator.
    pub rows: Vec<(String, String)>,
    /// The document's licence, stated.
    pub licence: Option<LicenceStatement>,
}

/// A licence as the editions state it.
#[derive(Debug, Clone, PartialEq)]
pub struct LicenceStatement {
    /// The licence's canonical name, when recognized.
    pub name: Option<String>,
    /// Its deed's address, when known.
    pub url: Option<String>,
    /// The statement as the source gives it.
    pub given: String,
    /// The attribution the licence asks for, as a sentence, when it asks for one.
    pub attribution: Option<String>,
    /// Whether the edition says it is shared under the same licence.
    pub share_alike: bool,
}

/// The sentence that says an edition is shared alike.
pub const SHARE_ALIKE: &str = "It is shared under the same licence.";

impl LicenceStatement {
    /// States a licence for a document, with the attribution it asks for.
    pub fn new(l: &Licence, doc: &Document, authors: &[&str]) -> LicenceStatement {
        let attribution = l.attribution.then(|| {
            let by = if authors.is_empty() {
                String::new()
            } else {
                format!(" by {}", authors.join(", "))
            };
            format!(
                "Attribution: “{}”{by}, from the source above; this edition reformats the text \
                 and changes nothing of its words.",
                doc.title
            )
        });
        LicenceStatement {
            name: l.name.clone(),
            url: l.url.clone(),
            given: l.text.clone(),
            attribution,
            share_alike: l.share_alike,
        }
    }

    /// Returns the statement's first sentence: the licence, its address in parentheses,
    /// and the words the source used.
    pub fn lead(&self) -> String {
        match (&self.name, &self.url) {
            (Some(name), Some(url)) => {
                format!("Licence: {name} ({url}), as given: “{}”.", self.given)
            }
            (Some(name), None) => format!("Licence: {name} (as given: “{}”).", self.given),
            _ => format!("Rights: {}.", self.given.trim_end_matches('.')),
        }
    }
}

/// Gathers each document's provenance and licence for the sources and licence page.
pub fn source_entries(book: &Book, words: &Words) -> Vec<SourceEntry> {
    book.documents
        .iter()
        .map(|doc| {
            let authors: Vec<&str> = doc.names(Role::Author).collect();
            let mut rows: Vec<(String, String)> = Vec::new();
            if !authors.is_empty() {
                rows.push(("Author".into(), join_names(&authors, words.and)));
            }
            if let Some(d) = &doc.date {
                rows.push(("Date".into(), d.clone()));
            }
            for f in doc.source.iter().flat_map(|s| &s.fields) {
                let label = if f.label.is_empty() {
                    "Source".to_string()
                } else {
                    f.label.clone()
                };
                rows.push((label, f.value.clone()));
            }
            let translators = translators_not_in_source(doc);
            if !translators.is_empty() {
                rows.push((
                    words.translated_by.trim_end_matches(':').into(),
                    join_names(&translators, words.and),
                ));
            }
            SourceEntry {
                title: doc.title.clone(),
                rows,
                licence: doc
                    .rights
                    .as_ref()
                    .map(|l| LicenceStatement::new(l, doc, &authors)),
            }
        })
        .collect()
}

/// The book's own licence ("This edition"), stated, if it has one.
pub fn edition_licence(book: &Book) -> Option<LicenceStatement> {
    let l = book.meta.rights.as_ref()?;
    let first = book.documents.first()?;
    Some(LicenceStatement::new(l, first, &[]))
}

/// The book's stable identity: a UUID v5 of what names it (its own identifier if it has
/// one, else title, creators, date and language), never random.
pub fn identity(book: &Book) -> uuid::Uuid {
    let m = &book.meta;
    let name = match &m.identifier {
        Some(id) => format!("samizdat:id:{id}"),
        None => {
            let creators: Vec<String> = m
                .creators
                .iter()
                .map(|c| format!("{}:{}", c.role.code(), c.name))
                .collect();
            format!(
                "samizdat:book:{}\u{1f}{}\u{1f}{}\u{1f}{}",
                m.title,
                creators.join("\u{1e}"),
                m.date.as_deref().unwrap_or(""),
                m.language.as_deref().unwrap_or("")
            )
        }
    };
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
}

/// What the sources page says of a document without any source.
pub const NO_SOURCE: &str = "No source is given for this text.";

/// The translators a document's header lines do not already name (a `Translated:` line
/// says it as the source wrote it; otherwise the editions add "Translated by …").
pub(crate) fn translators_not_in_source(doc: &Document) -> Vec<&str> {
    let has_translation = doc
        .source
        .iter()
        .flat_map(|s| &s.fields)
        .any(|f| f.kind == SourceKind::Translation);
    if has_translation {
        Vec::new()
    } else {
        doc.names(Role::Translator).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    #[test]
    fn dates_as_a_reader_of_the_language_reads_them() {
        let en = Words::for_language("en");
        assert_eq!(en.date("2018-10-27"), "27 October 2018");
        assert_eq!(en.date("1936-07"), "July 1936");
        assert_eq!(en.date("1936"), "1936");
        assert_eq!(en.date("Summer 1992"), "Summer 1992");
        assert_eq!(
            Words::for_language("it").date("2018-10-27"),
            "27 ottobre 2018"
        );
        assert_eq!(Words::for_language("fr").date("1937-05-03"), "3 mai 1937");
        assert_eq!(
            Words::for_language("de").date("1919-01-15"),
            "15. Januar 1919"
        );
        assert_eq!(Words::for_language("es").date("1936-07"), "julio de 1936");
        assert_eq!(
            Words::for_language("ru").date("1917-11-07"),
            "7 ноября 1917 г."
        );
        assert_eq!(Words::for_language("ru").date("1917-11"), "ноябрь 1917 г.");
        assert_eq!(en.date("2018-13-01"), "2018-13-01");
    }
}
