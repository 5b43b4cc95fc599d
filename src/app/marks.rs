//! Marked events: a bit set over store rows (O(1) test per visible row, cheap to remap), with
//! an undo history of changes (`u`: vim users read it as undo, and clearing 43 marks by mistake
//! must not lose them).

/// How many changes [`Marks::undo`] can take back.
pub const UNDO_DEPTH: usize = 100;

/// One change to the marks, as the rows it marked and unmarked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// What the change was, for the note after undoing it ("mark", "clear 43 marks").
    pub what: String,
    /// Rows the change marked.
    pub marked: Vec<u32>,
    /// Rows the change unmarked.
    pub unmarked: Vec<u32>,
    /// [`Marks::last`] before the change.
    pub last_before: Option<u32>,
}

/// A set of store rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    bits: Vec<u64>,
    count: usize,
    /// The row marked last (start of a `V` range).
    pub last: Option<u32>,
    /// Changes made with [`Marks::record`], oldest first (at most [`UNDO_DEPTH`]).
    history: Vec<Change>,
}

impl Marks {
    /// True when `row` is marked.
    pub fn contains(&self, row: u32) -> bool {
        let (w, b) = (row as usize / 64, row % 64);
        self.bits.get(w).is_some_and(|x| x & (1 << b) != 0)
    }

    /// Marks `row`.
    pub fn insert(&mut self, row: u32) {
        let (w, b) = (row as usize / 64, row % 64);
        if w >= self.bits.len() {
            self.bits.resize(w + 1, 0);
        }
        if self.bits[w] & (1 << b) == 0 {
            self.bits[w] |= 1 << b;
            self.count += 1;
        }
    }

    /// Unmarks `row`.
    pub fn remove(&mut self, row: u32) {
        let (w, b) = (row as usize / 64, row % 64);
        if let Some(x) = self.bits.get_mut(w) {
            if *x & (1 << b) != 0 {
                *x &= !(1 << b);
                self.count -= 1;
            }
        }
    }

    /// Flips `row`; returns whether it is marked now.
    pub fn toggle(&mut self, row: u32) -> bool {
        if self.contains(row) {
            self.remove(row);
            false
        } else {
            self.insert(row);
            true
        }
    }

    /// Number of marked rows.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Unmarks everything (the history stays).
    pub fn clear(&mut self) {
        self.bits.clear();
        self.count = 0;
        self.last = None;
    }

    /// Applies `f` to the marks as one undoable change described by `what`; returns the change
    /// (nothing is recorded when the marks did not change).
    pub fn record(&mut self, what: impl Into<String>, f: impl FnOnce(&mut Marks)) -> Change {
        let before = self.bits.clone();
        let last_before = self.last;
        f(self);
        let after = &self.bits;
        let mut change = Change {
            what: what.into(),
            last_before,
            ..Change::default()
        };
        for w in 0..before.len().max(after.len()) {
            let (b, a) = (
                before.get(w).copied().unwrap_or(0),
                after.get(w).copied().unwrap_or(0),
            );
            push_bits(&mut change.marked, w, a & !b);
            push_bits(&mut change.unmarked, w, b & !a);
        }
        if !change.marked.is_empty() || !change.unmarked.is_empty() {
            if self.history.len() == UNDO_DEPTH {
                self.history.remove(0);
            }
            self.history.push(change.clone());
        }
        change
    }

    /// Takes back the latest recorded change; returns it, or `None` when there is none.
    pub fn undo(&mut self) -> Option<Change> {
        let c = self.history.pop()?;
        for &r in &c.marked {
            self.remove(r);
        }
        for &r in &c.unmarked {
            self.insert(r);
        }
        self.last = c.last_before;
        Some(c)
    }

    /// Number of changes [`Marks::undo`] can take back.
    pub fn undo_len(&self) -> usize {
        self.history.len()
    }

    /// Marked rows, ascending (time order once the store is finalized).
    pub fn rows(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count);
        for (w, &x) in self.bits.iter().enumerate() {
            let mut x = x;
            while x != 0 {
                let b = x.trailing_zeros();
                out.push((w * 64) as u32 + b);
                x &= x - 1;
            }
        }
        out
    }

    /// Renumbers rows after the store was finalized (`remap[old]` = new or `u32::MAX`), the
    /// undo history's too.
    pub fn remap(&mut self, remap: &[u32]) {
        let map = |r: u32| remap.get(r as usize).copied().filter(|&n| n != u32::MAX);
        let old = self.rows();
        let last = self.last.and_then(map);
        self.clear();
        for r in old {
            if let Some(n) = map(r) {
                self.insert(n);
            }
        }
        self.last = last;
        for c in &mut self.history {
            c.marked = c.marked.iter().filter_map(|&r| map(r)).collect();
            c.unmarked = c.unmarked.iter().filter_map(|&r| map(r)).collect();
            c.last_before = c.last_before.and_then(map);
        }
    }
}

fn push_bits(out: &mut Vec<u32>, word: usize, mut x: u64) {
    while x != 0 {
        out.push((word * 64) as u32 + x.trailing_zeros());
        x &= x - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_ops_and_remap() {
        let mut m = Marks::default();
        m.insert(3);
        m.insert(70);
        m.insert(3);
        assert_eq!(m.count(), 2);
        assert!(m.toggle(5));
        assert!(!m.toggle(5));
        assert_eq!(m.rows(), vec![3, 70]);
        let mut remap: Vec<u32> = (0..100).rev().collect();
        remap[3] = u32::MAX;
        m.last = Some(70);
        m.remap(&remap);
        assert_eq!(m.rows(), vec![29]);
        assert_eq!(m.last, Some(29));
    }

    #[test]
    fn changes_undo_in_reverse_order_and_survive_a_remap() {
        let mut m = Marks::default();
        m.record("mark", |m| m.insert(3));
        m.record("mark a range", |m| {
            for r in 60..70 {
                m.insert(r)
            }
        });
        m.last = Some(69);
        assert_eq!(m.record("nothing", |_| {}).marked.len(), 0);
        assert_eq!(
            m.undo_len(),
            2,
            "a change that changes nothing is not recorded"
        );
        let c = m.record("clear", |m| m.clear());
        assert_eq!(c.unmarked.len(), 11);
        assert_eq!(m.count(), 0);
        // Renumbering (end of load) keeps the history valid.
        let remap: Vec<u32> = (0..100).map(|r| r + 1).collect();
        m.remap(&remap);
        assert_eq!(m.undo().unwrap().what, "clear");
        assert_eq!(m.count(), 11);
        assert!(m.contains(4) && m.contains(61) && m.contains(70));
        assert_eq!(m.last, Some(70));
        assert_eq!(m.undo().unwrap().what, "mark a range");
        assert_eq!(m.rows(), vec![4]);
        m.undo();
        assert_eq!(m.count(), 0);
        assert!(m.undo().is_none());
        // The history is bounded.
        for r in 0..(UNDO_DEPTH as u32 + 10) {
            m.record("mark", |m| m.insert(r));
        }
        assert_eq!(m.undo_len(), UNDO_DEPTH);
    }
}
