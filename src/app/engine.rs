//! The small interface between the app and the query layer's view helpers: fuzzy matching over
//! distinct values, timeline buckets, pivots and filter terms. The app calls only these names,
//! so where they come from is decided here (the query layer; thin local fallbacks stood in until
//! it landed).

pub use crate::query::{
    bucket_label, distinct_counts, filter_term, lineage, pivots, rank, timeline, FuzzyMatch,
    Timeline, FUZZY_FIELDS,
};
