//! Detection hits: which events each detection rule flagged, kept sparsely.
//!
//! A [`Hits`] holds the rules that ran ([`RuleMeta`]: id, title, level, ATT&CK tactics and
//! techniques, description, false positives, references, author, licence and where the rule
//! came from) and, per rule, the sorted rows it flagged ([`RuleHits`]). A hit of an aggregate
//! rule (`count() by … > N` within a timeframe, a correlation) also names the events that made
//! the count ([`Hit::events`]). Per-event lookups ([`Hits::rules_at`]) go through an index of
//! flagged rows only, never a per-event bitset: memory is proportional to the hits.
//!
//! Built by the detection engine (`crate::detect`), held by the store
//! ([`EventStore::hits`](super::EventStore::hits)), read by the filter terms `rule:`, `level:`,
//! `tactic:`, `technique:`, `detect:` and by the explorer. Pure data, no I/O.

use std::sync::Arc;

/// A rule's severity, lowest first (Sigma's levels).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// `informational`.
    Informational,
    /// `low`.
    #[default]
    Low,
    /// `medium`.
    Medium,
    /// `high`.
    High,
    /// `critical`.
    Critical,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 5] = [
        Level::Informational,
        Level::Low,
        Level::Medium,
        Level::High,
        Level::Critical,
    ];

    /// The name Sigma uses (`high`).
    pub const fn name(self) -> &'static str {
        match self {
            Level::Informational => "informational",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }

    /// Reads a Sigma level (ASCII case-insensitive; `info` is informational).
    pub fn parse(s: &str) -> Option<Level> {
        let s = s.trim();
        Level::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .or_else(|| {
                s.eq_ignore_ascii_case("info")
                    .then_some(Level::Informational)
            })
    }
}

/// Where a rule came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RuleOrigin {
    /// SigmaHQ's rules bundled in the binary (Detection Rule License 1.1).
    #[default]
    Sigma,
    /// trailscope's own bundled rules (MIT OR Apache-2.0).
    Trailscope,
    /// A rule file of the user's (`--rules DIR`, the config directory).
    User,
}

impl RuleOrigin {
    /// A short name: `sigma`, `trailscope`, `user`.
    pub const fn name(&self) -> &'static str {
        match self {
            RuleOrigin::Sigma => "sigma",
            RuleOrigin::Trailscope => "trailscope",
            RuleOrigin::User => "user",
        }
    }
}

/// What a rule is, for display and for the filter terms. All text is from the rule file:
/// attacker-controlled, escaped where shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleMeta {
    /// The rule's `id` (a UUID for Sigma rules, `ts-…` for trailscope's).
    pub id: String,
    /// `title`.
    pub title: String,
    /// `level`.
    pub level: Level,
    /// `status` (stable, test, experimental, …), as written.
    pub status: String,
    /// ATT&CK tactics from the `attack.<tactic>` tags, lower case with `-` between words
    /// (`privilege-escalation`, `stealth`).
    pub tactics: Vec<String>,
    /// ATT&CK technique ids from the `attack.tNNNN[.NNN]` tags, upper case (`T1098.001`).
    pub techniques: Vec<String>,
    /// `description`.
    pub description: String,
    /// `falsepositives`.
    pub false_positives: Vec<String>,
    /// `references`.
    pub references: Vec<String>,
    /// `author` (the DRL asks that any view showing a match names it).
    pub author: String,
    /// The rule's licence (`DRL-1.1`, `MIT OR Apache-2.0`, or what a user file says).
    pub license: String,
    /// Where it came from.
    pub origin: RuleOrigin,
    /// The file it was read from (`sigma/aws_…yml` for bundled rules, the path for the user's).
    pub file: String,
    /// A link to the rule's text at a fixed commit, when bundled from elsewhere.
    pub link: Option<String>,
    /// Is an aggregate rule (its hits carry [`Hit::events`]).
    pub aggregate: bool,
    /// What the bundled pack says about the rule when it demoted it or finds it wrong (empty
    /// otherwise).
    pub note: String,
}

/// One flag raised by a rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hit {
    /// The flagged event (for an aggregate: the event that took the count over the threshold).
    pub row: u32,
    /// For an aggregate rule: the events that made the count, sorted (including `row`); empty
    /// for a single-event rule.
    pub events: Vec<u32>,
    /// For an aggregate rule grouped `by` a field: the group's value.
    pub group: Option<String>,
}

/// One rule's hits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleHits {
    /// The rule.
    pub rule: Arc<RuleMeta>,
    /// Its hits, sorted by row, one per row.
    pub hits: Vec<Hit>,
}

impl RuleHits {
    /// Every row this rule flagged: its hits' rows and the events behind aggregate hits,
    /// sorted, without repeats.
    pub fn flagged_rows(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .hits
            .iter()
            .flat_map(|h| std::iter::once(h.row).chain(h.events.iter().copied()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Every rule's hits, and an index of the flagged rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    /// One entry per rule that ran (rules with no hit included), in rule order.
    pub rules: Vec<RuleHits>,
    /// `(row, rule index)` for every flagged row of every rule, sorted: the per-event lookup.
    index: Vec<(u32, u32)>,
}

impl Hits {
    /// Builds the hits of `rules` (each rule's hits are sorted here) and the row index.
    pub fn new(mut rules: Vec<RuleHits>) -> Hits {
        for r in &mut rules {
            r.hits.sort_by_key(|h| h.row);
            r.hits.dedup_by_key(|h| h.row);
        }
        let mut h = Hits {
            rules,
            index: Vec::new(),
        };
        h.reindex();
        h
    }

    fn reindex(&mut self) {
        let mut index = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            index.extend(r.flagged_rows().into_iter().map(|row| (row, i as u32)));
        }
        index.sort_unstable();
        self.index = index;
    }

    /// True when no rule flagged anything.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Number of hits, all rules together (an aggregate hit counts once).
    pub fn hit_count(&self) -> usize {
        self.rules.iter().map(|r| r.hits.len()).sum()
    }

    /// Number of distinct flagged events.
    pub fn flagged_events(&self) -> usize {
        let mut n = 0;
        let mut last = None;
        for &(row, _) in &self.index {
            if last != Some(row) {
                n += 1;
                last = Some(row);
            }
        }
        n
    }

    /// The indices (into [`Hits::rules`]) of the rules that flagged `row`, in rule order.
    pub fn rules_at(&self, row: u32) -> impl Iterator<Item = usize> + '_ {
        let a = self.index.partition_point(|&(r, _)| r < row);
        self.index[a..]
            .iter()
            .take_while(move |&&(r, _)| r == row)
            .map(|&(_, i)| i as usize)
    }

    /// The hits at `row`: `(rule, the hit)` — for an event behind an aggregate hit, the hit it
    /// contributed to (the first one).
    pub fn at(&self, row: u32) -> Vec<(&RuleMeta, &Hit)> {
        self.rules_at(row)
            .filter_map(|i| {
                let r = &self.rules[i];
                let hit = match r.hits.binary_search_by_key(&row, |h| h.row) {
                    Ok(k) => Some(&r.hits[k]),
                    Err(_) => r.hits.iter().find(|h| h.events.binary_search(&row).is_ok()),
                };
                hit.map(|h| (&*r.rule, h))
            })
            .collect()
    }

    /// The highest level among the rules that flagged `row`.
    pub fn max_level_at(&self, row: u32) -> Option<Level> {
        self.rules_at(row).map(|i| self.rules[i].rule.level).max()
    }

    /// Every flagged row of the rules `pick` selects, sorted, without repeats.
    pub fn rows_where(&self, mut pick: impl FnMut(&RuleMeta) -> bool) -> Vec<u32> {
        let chosen: Vec<bool> = self.rules.iter().map(|r| pick(&r.rule)).collect();
        let mut v: Vec<u32> = self
            .index
            .iter()
            .filter(|&&(_, i)| chosen[i as usize])
            .map(|&(r, _)| r)
            .collect();
        v.dedup();
        v
    }

    /// Renumbers rows after the store was reordered (`remap[old] = new`, `u32::MAX` for a
    /// dropped row): hits on dropped rows go, the rest keep their rule.
    pub fn remap(&mut self, remap: &[u32]) {
        let map = |r: u32| remap.get(r as usize).copied().unwrap_or(u32::MAX);
        for rh in &mut self.rules {
            let mut hits: Vec<Hit> = Vec::with_capacity(rh.hits.len());
            for h in rh.hits.drain(..) {
                let row = map(h.row);
                if row == u32::MAX {
                    continue;
                }
                let mut events: Vec<u32> = h
                    .events
                    .iter()
                    .map(|&e| map(e))
                    .filter(|&e| e != u32::MAX)
                    .collect();
                events.sort_unstable();
                hits.push(Hit {
                    row,
                    events,
                    group: h.group,
                });
            }
            hits.sort_by_key(|h| h.row);
            hits.dedup_by_key(|h| h.row);
            rh.hits = hits;
        }
        self.reindex();
    }

    /// Adds `more` (hits on rows this set does not cover yet, e.g. events that arrived while
    /// loading) rule by rule, matching rules by id; rules not present yet are appended.
    pub fn merge(&mut self, more: Hits) {
        for rh in more.rules {
            match self.rules.iter_mut().find(|r| r.rule.id == rh.rule.id) {
                Some(r) => {
                    r.hits.extend(rh.hits);
                    r.hits.sort_by_key(|h| h.row);
                    r.hits.dedup_by_key(|h| h.row);
                }
                None => self.rules.push(rh),
            }
        }
        self.reindex();
    }

    /// Heap bytes held (for the memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.index.capacity() * 8
            + self
                .rules
                .iter()
                .map(|r| {
                    r.hits.capacity() * std::mem::size_of::<Hit>()
                        + r.hits
                            .iter()
                            .map(|h| h.events.capacity() * 4)
                            .sum::<usize>()
                })
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, level: Level) -> Arc<RuleMeta> {
        Arc::new(RuleMeta {
            id: id.into(),
            title: format!("title {id}"),
            level,
            ..RuleMeta::default()
        })
    }

    fn hit(row: u32) -> Hit {
        Hit {
            row,
            ..Hit::default()
        }
    }

    #[test]
    fn lookup_by_row_and_levels() {
        let h = Hits::new(vec![
            RuleHits {
                rule: rule("a", Level::Low),
                hits: vec![hit(7), hit(2), hit(7)],
            },
            RuleHits {
                rule: rule("b", Level::High),
                hits: vec![Hit {
                    row: 9,
                    events: vec![3, 7, 9],
                    group: Some("1.2.3.4".into()),
                }],
            },
            RuleHits {
                rule: rule("c", Level::Critical),
                hits: vec![],
            },
        ]);
        assert_eq!(h.rules[0].hits.len(), 2, "repeats merged");
        assert_eq!(h.rules_at(7).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(h.rules_at(3).collect::<Vec<_>>(), vec![1]);
        assert_eq!(h.rules_at(4).count(), 0);
        assert_eq!(h.max_level_at(7), Some(Level::High));
        assert_eq!(h.max_level_at(2), Some(Level::Low));
        assert_eq!(
            h.at(3)[0].1.row,
            9,
            "an event behind an aggregate names its hit"
        );
        assert_eq!(h.flagged_events(), 4);
        assert_eq!(h.hit_count(), 3);
        assert_eq!(h.rows_where(|r| r.level >= Level::High), vec![3, 7, 9]);
    }

    #[test]
    fn remap_follows_rows_and_drops_removed_ones() {
        let mut h = Hits::new(vec![RuleHits {
            rule: rule("a", Level::Medium),
            hits: vec![
                hit(0),
                hit(1),
                Hit {
                    row: 2,
                    events: vec![0, 1, 2],
                    group: None,
                },
            ],
        }]);
        // Old 0 → 2, old 1 dropped, old 2 → 0.
        h.remap(&[2, u32::MAX, 0]);
        let rows: Vec<u32> = h.rules[0].hits.iter().map(|x| x.row).collect();
        assert_eq!(rows, vec![0, 2]);
        assert_eq!(h.rules[0].hits[0].events, vec![0, 2]);
        assert_eq!(h.rules_at(2).count(), 1);
        assert_eq!(h.rules_at(1).count(), 0);
    }

    #[test]
    fn merge_adds_by_rule_id() {
        let mut h = Hits::new(vec![RuleHits {
            rule: rule("a", Level::Low),
            hits: vec![hit(1)],
        }]);
        h.merge(Hits::new(vec![
            RuleHits {
                rule: rule("a", Level::Low),
                hits: vec![hit(5)],
            },
            RuleHits {
                rule: rule("z", Level::Low),
                hits: vec![hit(6)],
            },
        ]));
        assert_eq!(h.rules.len(), 2);
        assert_eq!(h.rules[0].hits.len(), 2);
        assert_eq!(h.rules_at(6).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn levels_parse() {
        assert_eq!(Level::parse("HIGH"), Some(Level::High));
        assert_eq!(Level::parse("info"), Some(Level::Informational));
        assert_eq!(Level::parse("severe"), None);
        assert!(Level::Critical > Level::High);
    }
}
