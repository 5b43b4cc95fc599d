//! The plan: files (stream, window, record count), built sequentially from the seed.

use crate::accounts::{make_acct, Acct, ORGS};
use crate::catalog::{parse_catalog, Entry};
use crate::identities::{Lane, Role, Session, User, LK, NO32};
use crate::logging_off::Minutes;
use crate::profiles::{build_table, prof_of, Prof, Table, N_PROF};
use crate::rng::{hexs, rand_str, Rng, ALNUM};
use crate::ties::Ties;
use crate::time::civil;
use crate::Args;

#[derive(Clone, Copy, Debug)]
pub enum Special {
    /// The event that issues this session's credentials (AssumeRole, ConsoleLogin, ...).
    Issue(u32),
    /// Attack story: the leaked key creates the backdoor user...
    CreateUser(u32),
    /// ...and gives it AdministratorAccess.
    AttachPolicy(u32),
}

pub struct FilePlan {
    pub stream: u32,
    pub window: u32,
    pub n: u32,
    /// Previous file of the same stream (duplicates come from there).
    pub prev: u32,
    pub suffix: String,
    pub specials: Vec<(u32, Special)>,
    /// Active (lane, session) pairs and cumulative weights.
    pub actors: Vec<(u32, u32)>,
    pub cum: Vec<u64>,
}

pub struct Stream {
    pub acct: usize,
    pub region: usize,
    pub files: Vec<u32>,
}

pub struct Gen {
    pub seed: u64,
    pub start: i64,
    pub win: i64,
    pub end: i64,
    pub error_rate: f64,
    pub jsonl: bool,
    pub trail: String,
    pub bucket: String,
    pub global: usize,
    pub regions: Vec<String>,
    pub accts: Vec<Acct>,
    pub users: Vec<User>,
    pub roles: Vec<Role>,
    pub lanes: Vec<Lane>,
    pub sessions: Vec<Session>,
    pub files: Vec<FilePlan>,
    pub streams: Vec<Stream>,
    pub catalog: Vec<Entry>,
    pub tables: Vec<Table>,
    pub ext_accts: Vec<String>,
    /// Fingerprint of the (fake) digest signing key per region.
    pub fingerprints: Vec<String>,
    /// `--same-second-runs`: the times of records (None: their natural times).
    pub ties: Option<Ties>,
    /// `--logging-off`: minutes after the start when the trail stops and starts logging.
    pub logging_off: Option<Minutes>,
    /// `--backfill N`.
    pub backfill: u64,
    /// Where the accounts' folders are: `AWSLogs/`, or `AWSLogs/<org id>/` (`--org-id`).
    pub prefix: String,
    /// `--lineage`: collect which keys each record was made with or issued.
    pub lineage: bool,
    /// False with `--no-attack`: no attack story.
    pub attack: bool,
    /// `--bursts`: the burst records, by file (see `bursts.rs`).
    pub bursts: Vec<crate::bursts::Planned>,
}

pub const DIURNAL: [u64; 24] = [
    40, 35, 30, 28, 27, 28, 32, 40, 55, 70, 80, 88, 95, 100, 100, 98, 95, 92, 88, 80, 70, 60, 52,
    45,
];

pub fn region_weight(i: usize) -> u64 {
    [100, 45, 30, 18, 10, 7].get(i).copied().unwrap_or(5)
}

#[derive(Clone, Copy)]
pub enum Aff {
    Workload,
    Scanner,
    Human,
    All,
    GlobalOnly,
    Attack,
}

impl Gen {
    pub fn ws(&self, f: &FilePlan) -> i64 {
        self.start + f.window as i64 * self.win
    }

    pub fn slot_time(&self, f: &FilePlan, k: u32) -> i64 {
        self.ws(f) + ((2 * k as i64 + 1) * self.win) / (2 * f.n as i64)
    }

    pub fn hour_weight(&self, t: i64) -> u64 {
        DIURNAL[civil(t).3 as usize]
    }

    pub fn build(args: &Args) -> Result<Gen, String> {
        let start = chrono::DateTime::parse_from_rfc3339(&args.start)
            .map_err(|e| format!("--start {}: {e}", args.start))?
            .timestamp();
        if args.regions.is_empty() || args.accounts == 0 || args.minutes_per_file == 0 {
            return Err("need at least one region, one account and one minute per file".into());
        }
        if args.days == Some(0) {
            return Err("--days must be at least 1".into());
        }
        if let Some(o) = &args.org_id {
            let id = o.strip_prefix("o-").unwrap_or("");
            let ok = (10..=32).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if !ok {
                return Err(format!(
                    "--org-id {o}: an organization id is o- and 10 to 32 lowercase letters or digits"
                ));
            }
        }
        let seed = args.seed;
        let mut rng = Rng::of(&[seed, 0x504F_5055]);
        let org = rng.word(&ORGS);
        let accts: Vec<Acct> = (0..args.accounts)
            .map(|i| make_acct(&mut rng, i, org))
            .collect();
        let global = args
            .regions
            .iter()
            .position(|r| r == "us-east-1")
            .unwrap_or(0);
        let catalog = parse_catalog();
        let mut tables = Vec::with_capacity(N_PROF * 2);
        for p in 0..N_PROF {
            let prof: Prof = prof_of(p);
            tables.push(build_table(&catalog, prof, false));
            tables.push(build_table(&catalog, prof, true));
        }
        let fingerprints = args.regions.iter().map(|_| hexs(&mut rng, 32)).collect();
        let ext_accts = (0..4)
            .map(|_| {
                format!(
                    "{}{}",
                    rng.range(1, 9),
                    rand_str(&mut rng, b"0123456789", 11)
                )
            })
            .collect();
        let bucket = format!("aws-cloudtrail-logs-{}-{}", accts[0].id, hexs(&mut rng, 8));
        let mut g = Gen {
            seed,
            start,
            win: args.minutes_per_file as i64 * 60,
            end: start,
            error_rate: args.error_rate,
            jsonl: args.jsonl,
            trail: args.trail.clone(),
            bucket,
            global,
            regions: args.regions.clone(),
            accts,
            users: Vec::new(),
            roles: Vec::new(),
            lanes: Vec::new(),
            sessions: Vec::new(),
            files: Vec::new(),
            streams: Vec::new(),
            catalog,
            tables,
            ext_accts,
            fingerprints,
            ties: None,
            lineage: args.lineage.is_some(),
            attack: !args.no_attack,
            bursts: Vec::new(),
            logging_off: args.logging_off,
            backfill: args.backfill,
            prefix: match &args.org_id {
                Some(o) => format!("AWSLogs/{o}/"),
                None => "AWSLogs/".to_string(),
            },
        };
        // --days N: exactly N days of windows (the last one may end past the day when a
        // day is not a whole number of windows).
        let windows = args
            .days
            .map(|d| (d as u64 * 86_400).div_ceil(g.win as u64));
        g.plan_files(args.events, windows, &mut Rng::of(&[seed, 0x4649_4C45]));
        g.build_lanes(&mut Rng::of(&[seed, 0x4C41_4E45]));
        g.plan_sessions(&mut Rng::of(&[seed, 0x5345_5353]));
        g.plan_actors();
        if args.bursts {
            g.plan_bursts();
        }
        g.ties = args.same_second_runs.map(|s| Ties::plan(&g, s, seed));
        Ok(g)
    }

    /// Plans the files of `events` records over `windows` windows (by default, as many as
    /// make the busiest stream deliver ~1.8 files per window).
    pub fn plan_files(&mut self, events: u64, windows: Option<u64>, rng: &mut Rng) {
        let nr = self.regions.len();
        let na = self.accts.len();
        let n_files = ((events + 108) / 217).max(1);
        let mut weights = Vec::new();
        for a in 0..na {
            for r in 0..nr {
                weights.push((100 / (a as u64 + 1)) * region_weight(r));
                self.streams.push(Stream {
                    acct: a,
                    region: r,
                    files: Vec::new(),
                });
            }
        }
        // Files per stream, by largest remainder.
        let wsum: u64 = weights.iter().sum();
        let mut per: Vec<u64> = weights.iter().map(|w| n_files * w / wsum).collect();
        let mut rem: Vec<(u64, usize)> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| (n_files * w % wsum, i))
            .collect();
        rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let missing = n_files - per.iter().sum::<u64>();
        for &(_, i) in rem.iter().take(missing as usize) {
            per[i] += 1;
        }
        // Span: the busiest stream delivers ~1.8 files per window on average.
        let max_per = *per.iter().max().unwrap();
        let windows = windows
            .unwrap_or_else(|| (max_per * 10).div_ceil(18))
            .max(1);
        self.end = self.start + windows as i64 * self.win;
        let mut cum = Vec::with_capacity(windows as usize);
        let mut acc = 0u64;
        for w in 0..windows {
            acc += self.hour_weight(self.start + w as i64 * self.win);
            cum.push(acc);
        }
        let total = acc;
        let wmax = *weights.iter().max().unwrap();
        let mut raw: Vec<(u32, u32, u64, u64)> = Vec::new(); // window, stream, tiebreak, weight
        for (s, &n) in per.iter().enumerate() {
            let step = total / n.max(1);
            for j in 0..n {
                let mut target = (2 * j + 1) * total / (2 * n);
                target = (target + rng.below(step.max(1))).saturating_sub(step / 2);
                let target = target.min(total - 1);
                let w = cum.partition_point(|&c| c <= target) as u32;
                let hw = self.hour_weight(self.start + w as i64 * self.win);
                let u1 = rng.below(100);
                let u2 = rng.below(100);
                let base = 20 + rng.below(100) + u1 * u2 * 2 / 100 + u1 / 2;
                let fw = base * (50 + hw) * (100 + 400 * weights[s] / wmax);
                raw.push((w, s as u32, rng.next(), fw));
            }
        }
        raw.sort_by_key(|a| (a.0, a.1, a.2));
        // Records per file.
        let fsum: u64 = raw.iter().map(|r| r.3).sum();
        let mut counts: Vec<u64> = raw.iter().map(|r| events * r.3 / fsum).collect();
        let mut rem: Vec<(u64, usize)> = raw
            .iter()
            .enumerate()
            .map(|(i, r)| ((events as u128 * r.3 as u128 % fsum as u128) as u64, i))
            .collect();
        rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let missing = events - counts.iter().sum::<u64>();
        for &(_, i) in rem.iter().take(missing as usize) {
            counts[i] += 1;
        }
        for i in 0..counts.len() {
            if counts[i] == 0 {
                let big = (0..counts.len()).max_by_key(|&j| (counts[j], j)).unwrap();
                if counts[big] > 1 {
                    counts[big] -= 1;
                    counts[i] = 1;
                }
            }
        }
        let mut last: Vec<u32> = vec![NO32; self.streams.len()];
        for (i, r) in raw.iter().enumerate() {
            if counts[i] == 0 {
                continue;
            }
            let idx = self.files.len() as u32;
            self.files.push(FilePlan {
                stream: r.1,
                window: r.0,
                n: counts[i] as u32,
                prev: last[r.1 as usize],
                suffix: rand_str(rng, ALNUM, 16),
                specials: Vec::new(),
                actors: Vec::new(),
                cum: Vec::new(),
            });
            last[r.1 as usize] = idx;
            self.streams[r.1 as usize].files.push(idx);
        }
    }

    pub fn plan_actors(&mut self) {
        let nr = self.regions.len();
        let mut by_acct: Vec<Vec<usize>> = vec![Vec::new(); self.accts.len()];
        for (i, l) in self.lanes.iter().enumerate() {
            by_acct[l.acct].push(i);
        }
        for fi in 0..self.files.len() {
            let (ws, stream) = (self.ws(&self.files[fi]), self.files[fi].stream as usize);
            let we = ws + self.win;
            let (a, r) = (stream / nr, stream % nr);
            let mut actors = Vec::new();
            let mut cum = Vec::new();
            let mut acc = 0u64;
            // AWS services act in proportion to everything else in the file (~12% of calls,
            // ~1% service events), whatever the region.
            let principals: u64 = by_acct[a]
                .iter()
                .map(|&li| &self.lanes[li])
                .filter(|l| !matches!(l.kind, LK::Service | LK::ServiceEvent))
                .map(|l| l.weight * l.region_w[r])
                .sum();
            for &li in &by_acct[a] {
                let l = &self.lanes[li];
                let w = match l.kind {
                    LK::Service => principals * 11 / 100 + 1,
                    LK::ServiceEvent => principals / 80 + 1,
                    _ => l.weight * l.region_w[r],
                };
                if w == 0 {
                    continue;
                }
                let pos = l
                    .sessions
                    .partition_point(|&s| self.sessions[s as usize].creation < ws);
                if pos == 0 {
                    continue;
                }
                let s = l.sessions[pos - 1];
                let sess = &self.sessions[s as usize];
                if sess.expiry < we
                    || (matches!(l.kind, LK::AttackKey | LK::BruteForce) && sess.creation >= we)
                    || (l.kind == LK::StolenInstance && (ws < l.active.0 || ws >= l.active.1))
                {
                    continue;
                }
                acc += w;
                actors.push((li as u32, s));
                cum.push(acc);
            }
            self.files[fi].actors = actors;
            self.files[fi].cum = cum;
        }
    }
}
