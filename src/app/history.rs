//! The back stack (the `app` layer): the views left behind by each change of the filter (a
//! pivot, the fuzzy finder, timeline narrowing, a typed filter, group-by), so `Backspace` goes
//! back to the previous one with its filter, cursor and scroll as they were. Changed only by
//! `update`.
//!
//! Bounded twice: at most [`MAX_VIEWS`] views (the oldest is forgotten), and at most
//! [`MAX_KEPT_ROWS`] result rows kept across them, so going back is instant for the recent
//! views and the stack costs at most 16 MB at any size of trail; an older view whose rows were
//! let go runs its filter again when it is restored.

use super::{Focus, Rows};

/// Most views kept; pushing one more forgets the oldest.
pub const MAX_VIEWS: usize = 64;
/// Most result rows kept across the saved views (4 bytes each); past it, the oldest views keep
/// only their filter and run it again when restored.
pub const MAX_KEPT_ROWS: usize = 4 << 20;

/// One view: what the screen showed before a filter change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    /// The filter text.
    pub filter: String,
    /// The selected store row.
    pub row: Option<u32>,
    /// The cursor's index in the result.
    pub cursor: usize,
    /// The first row shown (the list's scroll).
    pub top: usize,
    /// The focused pane.
    pub focus: Focus,
    /// The timeline's zoom.
    pub zoom: Option<(i64, i64)>,
    /// The timeline's cursor.
    pub timeline_cursor: usize,
    /// The result, when it was complete (the load done, the query answered): shown again at
    /// once. `None`: the filter runs again.
    pub rows: Option<Rows>,
}

/// The views to go back to, newest last.
#[derive(Debug, Default)]
pub struct BackStack {
    views: Vec<View>,
    /// A view being restored whose filter is running again: its cursor and scroll are put back
    /// when the result for its filter arrives.
    pub restoring: Option<View>,
    /// The view when editing the filter began: pushed if the edit is applied with a new filter.
    pub editing: Option<View>,
}

impl BackStack {
    /// Number of views to go back to.
    pub fn len(&self) -> usize {
        self.views.len()
    }

    /// True when there is nothing to go back to.
    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }

    /// The views, oldest first.
    pub fn views(&self) -> &[View] {
        &self.views
    }

    /// The view to go back to next.
    pub fn peek(&self) -> Option<&View> {
        self.views.last()
    }

    /// Saves `view`. A view with the same filter as the newest one replaces it (going back
    /// and forth between two filters does not grow the stack); then the bounds are applied.
    pub fn push(&mut self, view: View) {
        if self.views.last().is_some_and(|v| v.filter == view.filter) {
            self.views.pop();
        }
        self.views.push(view);
        if self.views.len() > MAX_VIEWS {
            let extra = self.views.len() - MAX_VIEWS;
            self.views.drain(..extra);
        }
        let mut kept = 0usize;
        for v in self.views.iter_mut().rev() {
            if let Some(r) = &v.rows {
                kept += r.len();
                if kept > MAX_KEPT_ROWS {
                    v.rows = None;
                }
            }
        }
    }

    /// Takes the newest view.
    pub fn pop(&mut self) -> Option<View> {
        self.views.pop()
    }

    /// The store was finalized and its rows renumbered (`remap[old]`, `u32::MAX` = dropped):
    /// saved rows and results are renumbered too (results are re-sorted: the new numbers are
    /// in time order).
    pub fn remap(&mut self, remap: &[u32]) {
        let one = |r: u32| remap.get(r as usize).copied().filter(|&n| n != u32::MAX);
        let views = self
            .views
            .iter_mut()
            .chain(self.restoring.as_mut())
            .chain(self.editing.as_mut());
        for v in views {
            v.row = v.row.and_then(one);
            if let Some(rows) = v.rows.take() {
                let mut n: Vec<u32> = rows.iter().filter_map(|&r| one(r)).collect();
                n.sort_unstable();
                v.rows = Some(std::sync::Arc::new(n));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn view(filter: &str, rows: Option<usize>) -> View {
        View {
            filter: filter.into(),
            row: Some(1),
            cursor: 1,
            top: 0,
            focus: Focus::List,
            zoom: None,
            timeline_cursor: 0,
            rows: rows.map(|n| Arc::new((0..n as u32).collect())),
        }
    }

    #[test]
    fn bounded_in_views_and_in_rows() {
        let mut s = BackStack::default();
        for i in 0..MAX_VIEWS + 5 {
            s.push(view(&format!("name:A{i}"), None));
        }
        assert_eq!(s.len(), MAX_VIEWS);
        assert_eq!(s.views()[0].filter, "name:A5");
        // Two big results: the newer keeps its rows, the older lets them go.
        s.push(view("big1", Some(MAX_KEPT_ROWS / 2 + 1)));
        s.push(view("big2", Some(MAX_KEPT_ROWS / 2 + 1)));
        let n = s.len();
        assert!(s.views()[n - 1].rows.is_some());
        assert!(s.views()[n - 2].rows.is_none());
    }

    #[test]
    fn same_filter_replaces_the_newest() {
        let mut s = BackStack::default();
        s.push(view("a", None));
        s.push(view("b", None));
        s.push(view("b", None));
        assert_eq!(s.len(), 2);
        assert_eq!(s.pop().unwrap().filter, "b");
        assert_eq!(s.pop().unwrap().filter, "a");
        assert!(s.pop().is_none());
    }

    #[test]
    fn remap_renumbers_rows_and_results() {
        let mut s = BackStack::default();
        s.push(view("a", Some(3)));
        // rows 0,1,2 → 2, dropped, 0
        s.remap(&[2, u32::MAX, 0]);
        let v = s.peek().unwrap();
        assert_eq!(v.row, None);
        assert_eq!(v.rows.as_deref().map(|r| r.as_slice()), Some(&[0, 2][..]));
    }
}
