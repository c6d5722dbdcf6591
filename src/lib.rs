//! samizdat: raw texts and Markdown manuscripts into EPUB 3 ebooks and typeset PDFs.
//!
//! The flow runs one way: [`import`] (raw text → model), [`html`] (saved web page →
//! model, through the importer's recognizer) and [`markdown`] (manuscript → model) produce a [`model::Book`]; writers read the model and nothing else.
#![warn(missing_docs, unreachable_pub)]

pub mod build;
pub mod config;
pub mod diagnostic;
pub mod edition;
pub mod epub;
pub mod html;
pub mod images;
pub mod import;
pub mod markdown;
pub mod model;
pub mod pagemap;
pub mod pdf;
pub mod project;
pub mod system_fonts;
pub mod text_tables;
pub mod verify;
