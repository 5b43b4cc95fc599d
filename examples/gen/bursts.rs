//! `--bursts`: sharp bursts on top of the attack story, the kind CloudTrail Insights (and
//! trailscope's Local Insights) exist to catch, written into the log files whose window holds
//! them (so the digests still cover every record):
//!
//! * a console brute force: 90 failed `ConsoleLogin`s in 3 minutes, half-way through the brute
//!   force lane's activity, from its IPs and browser;
//! * an enumeration: two minutes after the leaked key is first used, 60 `iam:GetUser` and 60
//!   `iam:GetRole` calls on guessed names in 3 minutes, each failing with
//!   `NoSuchEntityException`.
//!
//! `--no-attack` leaves the whole attack story out (and so the bursts): a trail of ordinary
//! activity only. Without either option the output is what it was (pinned by
//! `tests/faithful.rs`).

use crate::catalog::find_entry;
use crate::event::{Err, EvInfo, Scratch};
use crate::identities::LK;
use crate::plan::Gen;
use crate::rng::Rng;
use crate::services::write_body;

/// Records of the brute-force burst.
pub const BRUTE_FORCE: u32 = 90;
/// Records of the enumeration burst (half GetUser, half GetRole).
pub const ENUMERATION: u32 = 120;

/// One burst record.
#[derive(Clone, Copy, Debug)]
pub enum Burst {
    /// A failed console sign-in.
    BruteForce,
    /// `iam:GetUser` (`false`) or `iam:GetRole` (`true`) on a name that does not exist.
    Enumerate(bool),
}

/// A burst record planned into a file: (file, time in seconds, what, index in its burst).
pub type Planned = (u32, i64, Burst, u32);

impl Gen {
    /// Plans the bursts (after the lanes and sessions): each record goes to the first file of
    /// its lane's stream whose window holds its time; records falling where no file is are
    /// left out.
    pub fn plan_bursts(&mut self) {
        let mut out: Vec<Planned> = Vec::new();
        let nr = self.regions.len();
        for (kind, n) in [(LK::BruteForce, BRUTE_FORCE), (LK::AttackKey, ENUMERATION)] {
            let Some(lane) = self.lanes.iter().find(|l| l.kind == kind) else {
                continue;
            };
            let stream = lane.acct * nr + self.global;
            let t0 = match kind {
                LK::BruteForce => (lane.active.0 + lane.active.1) / 2,
                _ => lane.active.0 + 120,
            };
            for i in 0..n {
                // Evenly over 3 minutes.
                let t = t0 + i as i64 * 180 / n as i64;
                let what = match kind {
                    LK::BruteForce => Burst::BruteForce,
                    _ => Burst::Enumerate(i % 2 == 1),
                };
                let w = (t - self.start).div_euclid(self.win);
                let file = self.streams[stream]
                    .files
                    .iter()
                    .copied()
                    .find(|&fi| self.files[fi as usize].window as i64 == w);
                if let Some(fi) = file {
                    out.push((fi, t, what, i));
                }
            }
        }
        out.sort_by_key(|p| (p.0, p.1, p.3));
        self.bursts = out;
    }

    /// The burst records planned into file `fi`.
    pub fn bursts_in(&self, fi: usize) -> &[Planned] {
        let a = self.bursts.partition_point(|p| (p.0 as usize) < fi);
        let b = self.bursts.partition_point(|p| (p.0 as usize) <= fi);
        &self.bursts[a..b]
    }

    /// Writes one burst record.
    pub fn write_burst(&self, p: &Planned, out: &mut Vec<u8>, sc: &mut Scratch) -> EvInfo {
        let &(fi, t, what, i) = p;
        let mut rng = Rng::of(&[self.seed, fi as u64, i as u64, 0xB0_B5]);
        let kind = match what {
            Burst::BruteForce => LK::BruteForce,
            Burst::Enumerate(_) => LK::AttackKey,
        };
        let lane = self.lanes.iter().find(|l| l.kind == kind).unwrap();
        let pos = lane
            .sessions
            .partition_point(|&s| self.sessions[s as usize].creation < t);
        let sess = &self.sessions[lane.sessions[pos.saturating_sub(1)] as usize];
        match what {
            Burst::BruteForce => {
                self.write_console_login(out, &mut rng, lane, sess, lane.acct, t, false)
            }
            Burst::Enumerate(role) => {
                sc.reset();
                let e = find_entry(
                    &self.catalog,
                    "iam",
                    if role { "GetRole" } else { "GetUser" },
                );
                let mut c = self.ctx(rng, lane.acct, self.global, t, lane, sess, e, Err::NotFound);
                write_body(&mut c, sc);
                self.envelope(out, &mut c, sc, false)
            }
        }
    }
}
