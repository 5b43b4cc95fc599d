//! Where the store's bytes go: one figure per column, the string table, the credential graph,
//! detection hits, Local Insights and the per-file records (`stats --json` shows it as `memory`,
//! the engine bench prints it). Pure data: no I/O.

use super::store::EventStore;

/// Heap bytes held by one part of the store.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MemoryPart {
    /// The part's name: a column (`time`, `name`, `event_id`, …) or a structure (`strings`,
    /// `lineage`, `hits`, `insights`, `sources`).
    pub name: String,
    /// Heap bytes (capacity, not length: what the allocator holds).
    pub bytes: usize,
}

/// The store's heap bytes, part by part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryReport {
    /// Events held.
    pub events: usize,
    /// Every part, in column order then the structures.
    pub parts: Vec<MemoryPart>,
}

impl MemoryReport {
    /// The sum of every part.
    pub fn total(&self) -> usize {
        self.parts.iter().map(|p| p.bytes).sum()
    }

    /// Bytes per event of `bytes` (0 for an empty store).
    pub fn per_event(&self, bytes: usize) -> f64 {
        if self.events == 0 {
            0.0
        } else {
            bytes as f64 / self.events as f64
        }
    }

    /// The report as JSON: `{"events", "total_bytes", "bytes_per_event", "parts": {name:
    /// {"bytes", "bytes_per_event"}}}` (bytes per event to one decimal).
    pub fn to_json(&self) -> serde_json::Value {
        let round = |x: f64| (x * 10.0).round() / 10.0;
        let parts: serde_json::Map<String, serde_json::Value> = self
            .parts
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    serde_json::json!({
                        "bytes": p.bytes,
                        "bytes_per_event": round(self.per_event(p.bytes)),
                    }),
                )
            })
            .collect();
        serde_json::json!({
            "events": self.events,
            "total_bytes": self.total(),
            "bytes_per_event": round(self.per_event(self.total())),
            "parts": parts,
        })
    }

    /// One line per part, largest first: `name  bytes  bytes/event  share`.
    pub fn table(&self) -> String {
        use std::fmt::Write as _;
        let mut parts: Vec<&MemoryPart> = self.parts.iter().collect();
        parts.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.name.cmp(&b.name)));
        let total = self.total().max(1);
        let mut out = String::new();
        for p in parts {
            let _ = writeln!(
                out,
                "  {:<18} {:>14} B {:>8.1} B/event {:>5.1}%",
                p.name,
                p.bytes,
                self.per_event(p.bytes),
                p.bytes as f64 * 100.0 / total as f64
            );
        }
        let _ = writeln!(
            out,
            "  {:<18} {:>14} B {:>8.1} B/event",
            "total",
            self.total(),
            self.per_event(self.total())
        );
        out
    }
}

impl EventStore {
    /// Where the store's heap bytes go, part by part (see [`MemoryReport`]).
    pub fn memory(&self) -> MemoryReport {
        let mut r = MemoryReport {
            events: self.len(),
            parts: Vec::new(),
        };
        for (name, bytes) in self.column_bytes() {
            r.parts.push(MemoryPart {
                name: name.to_string(),
                bytes,
            });
        }
        r
    }
}
