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
    /// The cover's name (its page in the contents, the start of its image's description).
    pub cover: &'static str,
    /// The name of the navigation document's list of landmarks.
    pub landmarks: &'static str,
    /// The name of the navigation document's list of the printed edition's pages.
    pub pages: &'static str,
    /// The sources page's label of the author.
    pub author: &'static str,
    /// The sources page's label of the date.
    pub date_label: &'static str,
    /// The sources page's label of a source line that has no label of its own.
    pub source: &'static str,
    /// What stands before a recognized licence's name.
    pub licence: &'static str,
    /// What stands before the licence statement in the source's own words.
    pub as_given: &'static str,
    /// What stands before a rights statement that names no known licence.
    pub rights: &'static str,
    /// The heading of the book's own licence.
    pub this_edition: &'static str,
    /// What stands before the book's identifier.
    pub identifier: &'static str,
    /// What stands before the program that made the book.
    pub made_with: &'static str,
    /// What the sources page says of a document without any source.
    pub no_source: &'static str,
    /// The sentence that says an edition is shared alike.
    pub share_alike: &'static str,
    /// The attribution a licence asks for: `{title}` (quoted) and `{by}` (`by` filled, or
    /// nothing without authors).
    pub attribution: &'static str,
    /// The authors in the attribution: `{authors}`.
    pub by: &'static str,
    /// The font credit of the sources page.
    pub font_credit: &'static str,
    /// The quotation marks around a quoted title or statement.
    pub quotes: (&'static str, &'static str),
    /// What follows a label (`Licence: `; French sets a thin space before the colon).
    pub colon: &'static str,
    /// The articles a title may open with, which its sort form moves to the end
    /// (`Life and Death, The`); elided ones end in an apostrophe (`L’`).
    pub articles: &'static [&'static str],
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
                cover: "Couverture",
                landmarks: "Repères",
                pages: "Pages",
                author: "Auteur",
                date_label: "Date",
                source: "Source",
                licence: "Licence",
                as_given: "formulation d’origine",
                rights: "Droits",
                this_edition: "Cette édition",
                identifier: "Identifiant",
                made_with: "Réalisé avec",
                no_source: "Aucune source n’est indiquée pour ce texte.",
                share_alike: "Elle est partagée sous la même licence.",
                attribution: "Attribution : {title}{by}, d’après la source ci-dessus ; cette édition remet le texte en forme sans rien changer à ses mots.",
                by: " de {authors}",
                font_credit: "Composé en EB Garamond de Georg Duffner, sous la SIL Open Font License 1.1, dont les fichiers de la police portent le texte.",
                quotes: ("« ", " »"),
                colon: " : ",
                articles: &["Le", "La", "Les", "L’", "L'", "Un", "Une"],
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
                cover: "Copertina",
                landmarks: "Punti di riferimento",
                pages: "Pagine",
                author: "Autore",
                date_label: "Data",
                source: "Fonte",
                licence: "Licenza",
                as_given: "testo originale",
                rights: "Diritti",
                this_edition: "Questa edizione",
                identifier: "Identificativo",
                made_with: "Realizzato con",
                no_source: "Per questo testo non è indicata alcuna fonte.",
                share_alike: "È condivisa con la stessa licenza.",
                attribution: "Attribuzione: {title}{by}, dalla fonte indicata sopra; questa edizione reimpagina il testo senza cambiarne alcuna parola.",
                by: " di {authors}",
                font_credit: "Composto in EB Garamond di Georg Duffner, con la SIL Open Font License 1.1, il cui testo è contenuto nei file dei caratteri.",
                quotes: ("«", "»"),
                colon: ": ",
                articles: &["Il", "Lo", "La", "I", "Gli", "Le", "L’", "L'", "Un", "Uno", "Una", "Un’"],
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
                cover: "Umschlag",
                landmarks: "Orientierungspunkte",
                pages: "Seiten",
                author: "Autor",
                date_label: "Datum",
                source: "Quelle",
                licence: "Lizenz",
                as_given: "im Wortlaut",
                rights: "Rechte",
                this_edition: "Diese Ausgabe",
                identifier: "Kennung",
                made_with: "Erstellt mit",
                no_source: "Für diesen Text ist keine Quelle angegeben.",
                share_alike: "Sie wird unter derselben Lizenz weitergegeben.",
                attribution: "Namensnennung: {title}{by}, nach der oben genannten Quelle; diese Ausgabe setzt den Text neu und ändert keines seiner Wörter.",
                by: " von {authors}",
                font_credit: "Gesetzt in EB Garamond von Georg Duffner, unter der SIL Open Font License 1.1, deren Text die Schriftdateien enthalten.",
                quotes: ("„", "“"),
                colon: ": ",
                articles: &["Der", "Die", "Das", "Ein", "Eine"],
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
                cover: "Cubierta",
                landmarks: "Puntos de referencia",
                pages: "Páginas",
                author: "Autor",
                date_label: "Fecha",
                source: "Fuente",
                licence: "Licencia",
                as_given: "texto original",
                rights: "Derechos",
                this_edition: "Esta edición",
                identifier: "Identificador",
                made_with: "Hecho con",
                no_source: "No se indica ninguna fuente para este texto.",
                share_alike: "Se comparte con la misma licencia.",
                attribution: "Atribución: {title}{by}, de la fuente indicada arriba; esta edición recompone el texto sin cambiar ninguna de sus palabras.",
                by: " de {authors}",
                font_credit: "Compuesto en EB Garamond de Georg Duffner, bajo la SIL Open Font License 1.1, cuyo texto llevan los archivos de la fuente.",
                quotes: ("«", "»"),
                colon: ": ",
                articles: &["El", "La", "Los", "Las", "Un", "Una"],
            },
            "pt" => Words {
                contents: "Índice",
                sources: "Fontes e licença",
                translated_by: "Tradução de",
                and: "e",
                notes: "Notas",
                note: "Nota",
                back: "voltar ao texto",
                months: [
                    "janeiro",
                    "fevereiro",
                    "março",
                    "abril",
                    "maio",
                    "junho",
                    "julho",
                    "agosto",
                    "setembro",
                    "outubro",
                    "novembro",
                    "dezembro",
                ],
                months_alone: None,
                day_date: "{d} de {m} de {y}",
                month_date: "{m} de {y}",
                cover: "Capa",
                landmarks: "Pontos de referência",
                pages: "Páginas",
                author: "Autor",
                date_label: "Data",
                source: "Fonte",
                licence: "Licença",
                as_given: "texto original",
                rights: "Direitos",
                this_edition: "Esta edição",
                identifier: "Identificador",
                made_with: "Feito com",
                no_source: "Não é indicada nenhuma fonte para este texto.",
                share_alike: "É partilhada sob a mesma licença.",
                attribution: "Atribuição: {title}{by}, da fonte acima; esta edição reformata o texto sem mudar nenhuma das suas palavras.",
                by: " de {authors}",
                font_credit: "Composto em EB Garamond de Georg Duffner, sob a SIL Open Font License 1.1, cujo texto os ficheiros da fonte contêm.",
                quotes: ("“", "”"),
                colon: ": ",
                articles: &["O", "A", "Os", "As", "Um", "Uma"],
            },
            "zh" => Words {
                contents: "目录",
                sources: "来源与许可",
                translated_by: "译者",
                and: "和",
                notes: "注释",
                note: "注",
                back: "返回正文",
                months: [
                    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月",
                    "12月",
                ],
                months_alone: None,
                day_date: "{y}年{m}{d}日",
                month_date: "{y}年{m}",
                cover: "封面",
                landmarks: "导览",
                pages: "页码",
                author: "作者",
                date_label: "日期",
                source: "来源",
                licence: "许可",
                as_given: "原文",
                rights: "权利",
                this_edition: "本版",
                identifier: "标识符",
                made_with: "制作工具",
                no_source: "本文未注明来源。",
                share_alike: "本版以相同方式共享。",
                attribution: "署名：{title}{by}，出自上述来源；本版只重排版式，未改动原文的任何字词。",
                by: "，{authors}著",
                font_credit: "拉丁文字体为 Georg Duffner 的 EB Garamond，依 SIL Open Font License 1.1 授权，其文本附于字体文件中。",
                quotes: ("“", "”"),
                colon: "：",
                articles: &[],
            },
            "ar" => Words {
                contents: "المحتويات",
                sources: "المصادر والترخيص",
                translated_by: "ترجمة",
                and: "و",
                notes: "الهوامش",
                note: "هامش",
                back: "العودة إلى النص",
                months: [
                    "يناير",
                    "فبراير",
                    "مارس",
                    "أبريل",
                    "مايو",
                    "يونيو",
                    "يوليو",
                    "أغسطس",
                    "سبتمبر",
                    "أكتوبر",
                    "نوفمبر",
                    "ديسمبر",
                ],
                months_alone: None,
                day_date: "{d} {m} {y}",
                month_date: "{m} {y}",
                cover: "الغلاف",
                landmarks: "معالم الكتاب",
                pages: "الصفحات",
                author: "المؤلف",
                date_label: "التاريخ",
                source: "المصدر",
                licence: "الترخيص",
                as_given: "النص الأصلي",
                rights: "الحقوق",
                this_edition: "هذه الطبعة",
                identifier: "المعرّف",
                made_with: "صُنعت باستخدام",
                no_source: "لا يُذكر مصدر لهذا النص.",
                share_alike: "وهي متاحة بالترخيص نفسه.",
                attribution: "نسبة المصنَّف: {title}{by}، من المصدر أعلاه؛ تعيد هذه الطبعة تنسيق النص دون تغيير أي كلمة منه.",
                by: " بقلم {authors}",
                font_credit: "الحروف اللاتينية مجموعة بخط EB Garamond من تصميم Georg Duffner، بموجب رخصة SIL Open Font License 1.1 التي يحمل ملف الخط نصها.",
                quotes: ("«", "»"),
                colon: ": ",
                articles: &[],
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
                cover: "Обложка",
                landmarks: "Ориентиры",
                pages: "Страницы",
                author: "Автор",
                date_label: "Дата",
                source: "Источник",
                licence: "Лицензия",
                as_given: "в оригинале",
                rights: "Права",
                this_edition: "Это издание",
                identifier: "Идентификатор",
                made_with: "Сделано с помощью",
                no_source: "Источник этого текста не указан.",
                share_alike: "Оно распространяется на тех же условиях.",
                attribution: "Атрибуция: {title}{by}, по указанному выше источнику; в этом издании текст заново свёрстан, ни одно его слово не изменено.",
                by: " ({authors})",
                font_credit: "Набрано шрифтом EB Garamond Георга Дуффнера по лицензии SIL Open Font License 1.1, текст которой содержится в файлах шрифта.",
                quotes: ("«", "»"),
                colon: ": ",
                articles: &[],
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
                cover: "Cover",
                landmarks: "Landmarks",
                pages: "Pages",
                author: "Author",
                date_label: "Date",
                source: "Source",
                licence: "Licence",
                as_given: "as given",
                rights: "Rights",
                this_edition: "This edition",
                identifier: "Identifier",
                made_with: "Made with",
                no_source: NO_SOURCE,
                share_alike: SHARE_ALIKE,
                attribution: "Attribution: {title}{by}, from the source above; this edition reformats the text and changes nothing of its words.",
                by: " by {authors}",
                font_credit: FONT_CREDIT,
                quotes: ("“", "”"),
                colon: ": ",
                articles: &["The", "A", "An"],
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

impl Words {
    /// Puts text in the language's quotation marks.
    pub fn quote(&self, text: &str) -> String {
        format!("{}{text}{}", self.quotes.0, self.quotes.1)
    }

    /// The cover image's description: what it shows, the title and the authors.
    pub fn cover_alt(&self, title: &str, authors: &str) -> String {
        if authors.is_empty() {
            format!("{}{}{title}", self.cover, self.colon)
        } else {
            format!("{}{}{title}, {authors}", self.cover, self.colon)
        }
    }

    /// A title as a catalogue sorts it: an opening article moved to its end
    /// (`The Life` → `Life, The`; `L’Homme` → `Homme, L’`).
    pub fn sort_title(&self, title: &str) -> String {
        for article in self.articles {
            let elided = article.ends_with(['’', '\'']);
            let Some(rest) = title.strip_prefix(article) else {
                continue;
            };
            let rest = if elided {
                rest
            } else if let Some(r) = rest.strip_prefix(' ') {
                r
            } else {
                continue;
            };
            if rest.starts_with(char::is_alphanumeric) {
                return format!("{rest}, {article}");
            }
        }
        title.to_string()
    }
}

/// A person's name as a catalogue sorts it: surname first (`Victor Serge` → `Serge,
/// Victor`); a one-word name, or one with a comma already, stays as it is. Suffixes
/// (`Jr.`, `III`) follow the given names.
pub fn sort_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 || name.contains(',') {
        return name.trim().to_string();
    }
    let suffix = |w: &str| matches!(w, "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV");
    let (words, suffixes) = match words.split_last() {
        Some((last, rest)) if suffix(last) && rest.len() >= 2 => (rest, vec![*last]),
        _ => (words.as_slice(), Vec::new()),
    };
    let Some((surname, given)) = words.split_last() else {
        return name.to_string();
    };
    // A particle stays with the given names (`Beethoven, Ludwig van`).
    let mut out = format!("{surname}, {}", given.join(" "));
    for s in suffixes {
        out.push_str(", ");
        out.push_str(s);
    }
    out
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
    pub fn new(l: &Licence, doc: &Document, authors: &[&str], words: &Words) -> LicenceStatement {
        let attribution = l.attribution.then(|| {
            let by = if authors.is_empty() {
                String::new()
            } else {
                words
                    .by
                    .replace("{authors}", &join_names(authors, words.and))
            };
            words
                .attribution
                .replace("{title}", &words.quote(&doc.title))
                .replace("{by}", &by)
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
    pub fn lead(&self, words: &Words) -> String {
        let (c, given) = (words.colon, words.quote(&self.given));
        match (&self.name, &self.url) {
            (Some(name), Some(url)) => format!(
                "{}{c}{name} ({url}), {}{c}{given}.",
                words.licence, words.as_given
            ),
            (Some(name), None) => {
                format!("{}{c}{name} ({}{c}{given}).", words.licence, words.as_given)
            }
            _ => format!("{}{c}{}.", words.rights, self.given.trim_end_matches('.')),
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
                rows.push((words.author.into(), join_names(&authors, words.and)));
            }
            if let Some(d) = &doc.date {
                rows.push((words.date_label.into(), d.clone()));
            }
            for f in doc.source.iter().flat_map(|s| &s.fields) {
                let label = if f.label.is_empty() {
                    words.source.to_string()
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
                    .map(|l| LicenceStatement::new(l, doc, &authors, words)),
            }
        })
        .collect()
}

/// The book's own licence, stated in the words given, if it has one.
pub fn edition_licence_in(book: &Book, words: &Words) -> Option<LicenceStatement> {
    let l = book.meta.rights.as_ref()?;
    let first = book.documents.first()?;
    Some(LicenceStatement::new(l, first, &[], words))
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
        assert_eq!(
            Words::for_language("zh").date("1957-02-27"),
            "1957年2月27日"
        );
        assert_eq!(Words::for_language("zh-Hans").date("1957-02"), "1957年2月");
        assert_eq!(
            Words::for_language("ar").date("1848-02-21"),
            "21 فبراير 1848"
        );
        assert_eq!(en.date("2018-13-01"), "2018-13-01");
        assert_eq!(
            Words::for_language("pt-BR").date("1936-08-10"),
            "10 de agosto de 1936"
        );
    }

    #[test]
    fn titles_and_names_in_their_sort_forms() {
        let en = Words::for_language("en");
        assert_eq!(en.sort_title("The Life and Death"), "Life and Death, The");
        assert_eq!(en.sort_title("Theory of the State"), "Theory of the State");
        assert_eq!(en.sort_title("A"), "A");
        let fr = Words::for_language("fr");
        assert_eq!(
            fr.sort_title("L’Homme et la Terre"),
            "Homme et la Terre, L’"
        );
        assert_eq!(fr.sort_title("Les Misérables"), "Misérables, Les");
        assert_eq!(super::sort_name("Victor Serge"), "Serge, Victor");
        assert_eq!(
            super::sort_name("Ludwig van Beethoven"),
            "Beethoven, Ludwig van"
        );
        assert_eq!(
            super::sort_name("Martin Luther King Jr."),
            "King, Martin Luther, Jr."
        );
        assert_eq!(super::sort_name("Voltaire"), "Voltaire");
        assert_eq!(super::sort_name("Serge, Victor"), "Serge, Victor");
    }

    #[test]
    fn the_cover_is_described_in_the_books_language() {
        assert_eq!(
            Words::for_language("it").cover_alt("Come si formano", "Lev Trotsky"),
            "Copertina: Come si formano, Lev Trotsky"
        );
        assert_eq!(
            Words::for_language("pt").cover_alt("O Estado", ""),
            "Capa: O Estado"
        );
    }
}
