//! Detections: what looks wrong in a trail, computed over the store after (and while) it loads.
//! Reads `model` (and `query`, whose filter engine runs the rules); results are kept beside the
//! store for the filter terms and the explorer.

pub mod insights;
