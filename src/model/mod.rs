//! The data model: interned strings, compact ids, times and the column store. Pure data, no I/O.

pub mod column;
pub mod hits;
pub mod ids;
pub mod insights;
pub mod intern;
pub mod keyset;
pub mod lineage;
pub mod locs;
pub mod memory;
pub mod objects;
pub mod order;
pub mod reorder;
pub mod source;
pub mod starts;
pub mod store;
pub mod time;
pub mod times;

pub use column::SymCol;
pub use hits::{Hit, Hits, Level, RuleHits, RuleMeta, RuleOrigin};
pub use intern::{Interner, Sym};
pub use lineage::Lineage;
pub use memory::{MemoryPart, MemoryReport};
pub use objects::Objects;
pub use source::{record_bytes, RecordError, RecordSource, SourceError, Verdict};
pub use store::{
    flags, ContentCheck, ContentKey, EventStore, FinalizePlan, FinalizeReport, NewEvent, RawLoc,
    SourceInfo, SymField,
};
pub use time::UNDATED;
pub use times::Times;
