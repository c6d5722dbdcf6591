//! Lengths: PostScript points, the unit of the whole layout.

/// A length in PostScript points (1/72 inch). Layout works in `f64` so that sums over a
/// long paragraph or a 1,000-page book do not drift.
pub type Pt = f64;

/// Points in one millimetre (72 / 25.4).
pub const PT_PER_MM: Pt = 72.0 / 25.4;

/// Converts millimetres to points.
pub fn mm(v: f64) -> Pt {
    v * PT_PER_MM
}

/// Converts inches to points.
pub fn inch(v: f64) -> Pt {
    v * 72.0
}
