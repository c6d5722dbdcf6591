//! The EPUB's archive, written reproducibly: `mimetype` first and stored, every entry
//! dated 1980-01-01, in the order given.
//!
//! Images are stored, being compressed already (deflating and re-inflating the cover
//! cost a millisecond a book); text and fonts cut to a book's text are deflated.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Where the cover image is, and its manifest id (which the metadata's `cover` names).
pub(crate) const COVER_PATH: &str = "images/cover.png";

/// Writes the archive: `mimetype`, then each (path, bytes) in order.
pub(crate) fn write<'a>(
    entries: impl IntoIterator<Item = (String, &'a [u8])>,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(64 * 1024)));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    out.start_file("mimetype", stored)?;
    out.write_all(b"application/epub+zip")?;
    for (name, bytes) in entries {
        let method = if [".png", ".jpg", ".jpeg", ".gif", ".webp"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        out.start_file(name, stored.compression_method(method))?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use zip::ZipArchive;

    #[test]
    fn mimetype_comes_first_stored_and_images_are_stored() {
        let entries = || {
            [
                ("META-INF/container.xml".to_string(), &b"<container/>"[..]),
                (format!("OEBPS/{COVER_PATH}"), &b"png"[..]),
            ]
        };
        let out = write(entries()).unwrap();
        assert_eq!(out, write(entries()).unwrap());
        let mut z = ZipArchive::new(Cursor::new(&out)).unwrap();
        let first = z.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
        assert!(first.extra_data().is_none_or(<[u8]>::is_empty));
        drop(first);
        let mut container = String::new();
        z.by_index(1)
            .unwrap()
            .read_to_string(&mut container)
            .unwrap();
        assert_eq!(container, "<container/>");
        assert_eq!(
            z.by_name("OEBPS/images/cover.png").unwrap().compression(),
            CompressionMethod::Stored
        );
        // The mimetype entry's bytes sit at offset 38, as readers that sniff it expect.
        assert_eq!(&out[30..38], b"mimetype");
        assert_eq!(&out[38..58], b"application/epub+zip");
    }
}
