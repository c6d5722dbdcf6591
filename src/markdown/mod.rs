//! The Markdown front end: manuscripts (CommonMark, footnotes, YAML front matter, fenced
//! divs) into the model, and the model back into a manuscript.

mod divs;
mod frontmatter;
mod read;
mod tables;
mod write;

pub use read::parse;
pub use write::write;
