//! The event list's order (the `app` layer): `o` sorts by the next of the list's columns, `O`
//! reverses. The order itself is `query::sort` (a registry field or a JSON path, so any list
//! column can map onto it); every query answers in it (`Cmd::RunQuery::sort`), so the order
//! survives a new filter and the refreshes while loading, and a change of order re-sorts the
//! shown rows on a worker (`Cmd::SortRows`) with the cursor kept on the same event.

use super::{App, Cmd};
use crate::query::ListSort;

/// The columns `o` goes through, in the list's order: time, then the registry fields the
/// list shows (WHO, EVENT, SOURCE, REGION, SOURCE IP, ERROR).
pub const CYCLE: [&str; 7] = ["time", "who", "name", "source", "region", "ip", "error"];

/// The next column after `s`'s, ascending (a column outside the cycle goes back to time).
pub fn next_column(s: &ListSort) -> ListSort {
    next_in(
        s,
        &CYCLE
            .map(ListSort::field)
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    )
}

/// The next of `cycle` after `s`'s column, ascending (outside the cycle: its first).
pub fn next_in(s: &ListSort, cycle: &[ListSort]) -> ListSort {
    match cycle.iter().position(|c| c.name() == s.name()) {
        Some(i) => cycle[(i + 1) % cycle.len()].clone(),
        None => cycle.first().cloned().unwrap_or_default(),
    }
}

/// The sort a list column offers: time, or its value (the first of its alternatives an event
/// has, as the column shows it).
pub fn column_sort(c: &super::columns::Column) -> Option<ListSort> {
    match &c.source {
        super::columns::Source::Time => Some(ListSort::TIME),
        super::columns::Source::Field(f) => ListSort::first_of(f.clone()),
    }
}

/// The sorts the list's columns offer, in their order, time included.
pub fn column_sorts(cols: &[super::columns::Column]) -> Vec<ListSort> {
    let mut v: Vec<ListSort> = cols.iter().filter_map(column_sort).collect();
    if !v.iter().any(|s| s.is_time_order()) {
        v.insert(0, ListSort::TIME);
    }
    v
}

/// The direction as the header shows it: `▲` ascending (A→Z, oldest first), `▼` descending.
pub fn arrow(s: &ListSort) -> &'static str {
    if s.desc {
        "▼"
    } else {
        "▲"
    }
}

/// The sort in words, for the status line: `sorted by who ▲ (A→Z, ties in time order)`.
pub fn describe(s: &ListSort) -> String {
    if s.is_time_order() {
        return "time order (oldest first)".into();
    }
    let how = match (&s.by, s.desc) {
        (crate::query::SortBy::Time, _) => "newest first",
        (_, false) => "A→Z, ties in time order",
        (_, true) => "Z→A, ties in time order",
    };
    format!("sorted by {} {} ({how})", s.name(), arrow(s))
}

impl App {
    /// Puts the list in `sort`'s order: the running query (or, while loading, the next
    /// refresh) answers in it; otherwise the shown rows are sorted again on a worker.
    pub(crate) fn set_sort(&mut self, sort: ListSort, cmds: &mut Vec<Cmd>) {
        self.sort = sort;
        self.say(describe(&self.sort));
        self.resort(cmds);
    }

    /// Puts the shown rows in [`App::sort`]'s order (see [`App::set_sort`]).
    pub(crate) fn resort(&mut self, cmds: &mut Vec<Cmd>) {
        if self.query_running || self.load.loading || self.load.finalizing {
            if !self.load.finalizing {
                self.rerun_query(cmds);
            }
            return;
        }
        let (generation, cancel) = self.next_query();
        cmds.push(Cmd::SortRows {
            generation,
            rows: self.rows.clone(),
            sort: self.sort.clone(),
            cancel,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_through_the_list_columns() {
        let mut s = ListSort::TIME;
        let mut seen = Vec::new();
        for _ in 0..CYCLE.len() {
            s = next_column(&s);
            seen.push(s.name().to_string());
        }
        assert_eq!(
            seen,
            ["who", "name", "source", "region", "ip", "error", "time"]
        );
        assert!(s.is_time_order());
        // A column set elsewhere (query --sort, a config) goes on at time's next.
        let p = ListSort::parse("-requestParameters.roleArn").unwrap();
        assert!(next_column(&p).is_time_order());
        // A configured column set: its columns in order, the first field of alternatives.
        let cols: Vec<super::super::columns::Column> =
            ["time", "who", "requestParameters.roleArn|userName"]
                .iter()
                .map(|c| super::super::columns::Column::parse(c, None, None).unwrap())
                .collect();
        let cycle = column_sorts(&cols);
        let names: Vec<&str> = cycle.iter().map(|s| s.name()).collect();
        assert_eq!(
            names,
            [
                "time",
                "who",
                "requestParameters.roleArn|requestParameters.userName"
            ]
        );
        let mut s = ListSort::TIME;
        s = next_in(&s, &cycle);
        s = next_in(&s, &cycle);
        assert_eq!(
            s.name(),
            "requestParameters.roleArn|requestParameters.userName"
        );
        assert!(next_in(&s, &cycle).is_time_order());
        assert_eq!(
            describe(&ListSort::parse("-who").unwrap()),
            "sorted by who ▼ (Z→A, ties in time order)"
        );
        assert_eq!(
            describe(&ListSort::parse("-time").unwrap()),
            "sorted by time ▼ (newest first)"
        );
    }
}
