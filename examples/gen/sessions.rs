//! Sessions each lane obtains over time, and the slots of the events that issue them.

use crate::identities::{key_id, Lane, Session, LK, NO32, NONE};
use crate::plan::{Gen, Special};
use crate::rng::{hexs, Rng};

impl Gen {
    pub fn add_session(
        &mut self,
        lane: usize,
        rng: &mut Rng,
        creation: i64,
        issuer_sess: u32,
    ) -> u32 {
        let l = &self.lanes[lane];
        let tok = &self.accts[if l.kind == LK::AttackBackdoor {
            0
        } else {
            l.acct
        }]
        .tok;
        let stolen = (l.kind == LK::StolenInstance).then(|| &self.sessions[issuer_sess as usize]);
        let akid = match l.kind {
            LK::StolenInstance => stolen.unwrap().akid.clone(),
            LK::UserKey => l.label.clone(),
            LK::AttackKey => self.users[l.user].keys[0].clone(),
            LK::AttackBackdoor => self.users[l.user].keys[0].clone(),
            LK::CrossAccount | LK::Service | LK::ServiceEvent | LK::BruteForce => String::new(),
            _ => key_id(rng, "ASIA", tok),
        };
        let name = match l.kind {
            LK::StolenInstance => stolen.unwrap().name.clone(),
            LK::Ec2 | LK::Lambda => l.label.clone(),
            LK::Ecs => hexs(rng, 32),
            LK::Eks => {
                if rng.pct(50) {
                    format!(
                        "{}",
                        creation as u64 * 1_000_000_000 + rng.below(1_000_000_000)
                    )
                } else {
                    format!("botocore-session-{creation}")
                }
            }
            LK::GitHub => "GitHubActions".into(),
            LK::Chain => format!("terraform-{}", rng.range(1_000_000, 9_999_999)),
            LK::HumanAssume => {
                let u = &self.users[l.user].name;
                if rng.pct(60) {
                    u.split('@').next().unwrap().to_string()
                } else {
                    format!("botocore-session-{creation}")
                }
            }
            LK::HumanChain if issuer_sess != NO32 => {
                self.sessions[issuer_sess as usize].name.clone()
            }
            LK::Sso | LK::Saml => l.label.clone(),
            LK::Federation => l.label.clone(),
            LK::AttackAssume => format!("backup-sync-{}", rng.range(100, 999)),
            _ => String::new(),
        };
        let ip = if l.kind == LK::GitHub {
            rng.idx(l.ips.len()) as u32
        } else if matches!(l.kind, LK::Chain | LK::HumanChain) && issuer_sess != NO32 {
            self.sessions[issuer_sess as usize].ip
        } else {
            NO32
        };
        let expiry = if creation <= i64::MIN / 8 || matches!(l.kind, LK::AttackKey | LK::BruteForce)
        {
            if matches!(l.kind, LK::AttackKey | LK::BruteForce) {
                l.active.1
            } else {
                i64::MAX / 4
            }
        } else if l.kind == LK::AttackBackdoor {
            i64::MAX / 4
        } else if let Some(s) = stolen {
            s.expiry
        } else {
            creation + l.dur
        };
        let id = self.sessions.len() as u32;
        self.sessions.push(Session {
            ix: id,
            lane: lane as u32,
            akid,
            name,
            creation,
            expiry,
            issuer_sess,
            ip,
            seed: rng.next(),
        });
        self.lanes[lane].sessions.push(id);
        id
    }

    /// Finds a file of `stream` at or after `t` and a free slot there whose time is after
    /// `min_time`; `run` consecutive free slots are reserved.
    pub fn place(
        &mut self,
        stream: usize,
        t: i64,
        min_time: i64,
        run: u32,
        rng: &mut Rng,
    ) -> Option<(u32, u32, i64)> {
        let files = &self.streams[stream].files;
        let mut pos =
            files.partition_point(|&fi| self.ws(&self.files[fi as usize]) + self.win <= t);
        let mut tries = 0;
        while pos < files.len() && tries < 40 {
            // Pick at random among the files of the same window.
            let w = self.files[files[pos] as usize].window;
            let mut end = pos;
            while end < files.len() && self.files[files[end] as usize].window == w {
                end += 1;
            }
            let fi = files[pos + rng.idx(end - pos)] as usize;
            let f = &self.files[fi];
            if f.n >= run {
                for _ in 0..12 {
                    let k = rng.below((f.n - run + 1) as u64) as u32;
                    let free = (k..k + run).all(|s| f.specials.iter().all(|&(x, _)| x != s));
                    let tk = self.slot_time(f, k);
                    if free && tk > min_time {
                        return Some((fi as u32, k, tk));
                    }
                }
            }
            pos = end;
            tries += 1;
        }
        None
    }

    pub fn issue_stream(&self, lane: &Lane) -> Option<usize> {
        let nr = self.regions.len();
        let region = match lane.kind {
            LK::Console | LK::Sso | LK::Saml | LK::Root | LK::SessionToken | LK::AttackBackdoor => {
                self.global
            }
            _ => lane.home,
        };
        let s = lane.acct * nr + region;
        if !self.streams[s].files.is_empty() {
            return Some(s);
        }
        let s = lane.acct * nr + self.global;
        if !self.streams[s].files.is_empty() {
            return Some(s);
        }
        None
    }

    pub fn plan_sessions(&mut self, rng: &mut Rng) {
        for li in 0..self.lanes.len() {
            let kind = self.lanes[li].kind;
            match kind {
                LK::UserKey | LK::CrossAccount | LK::Service | LK::ServiceEvent => {
                    self.add_session(li, rng, i64::MIN / 4, NO32);
                }
                LK::AttackKey | LK::BruteForce => {
                    let c = self.lanes[li].active.0;
                    self.add_session(li, rng, c, NO32);
                }
                LK::AttackBackdoor => {
                    let iss_lane = self.lanes[li].issuer;
                    let t = self.lanes[li].active.0;
                    let Some(stream) = self.issue_stream(&self.lanes[li]) else {
                        continue;
                    };
                    if let Some((fi, k, _)) = self.place(stream, t, t, 3, rng) {
                        let f = &self.files[fi as usize];
                        let c = self.slot_time(f, k + 2);
                        let iss = self.lanes[iss_lane].sessions[0];
                        let s = self.add_session(li, rng, c, iss);
                        let f = &mut self.files[fi as usize];
                        f.specials.push((k, Special::CreateUser(s)));
                        f.specials.push((k + 1, Special::AttachPolicy(s)));
                        f.specials.push((k + 2, Special::Issue(s)));
                    }
                }
                LK::StolenInstance => {
                    // The instance's sessions alive while the theft lasts, from elsewhere.
                    let (iss_lane, (from, to)) = (self.lanes[li].issuer, self.lanes[li].active);
                    let stolen: Vec<u32> = self.lanes[iss_lane]
                        .sessions
                        .iter()
                        .copied()
                        .filter(|&s| {
                            let x = &self.sessions[s as usize];
                            x.expiry > from && x.creation < to
                        })
                        .collect();
                    for s in stolen {
                        let c = self.sessions[s as usize].creation;
                        self.add_session(li, rng, c, s);
                    }
                }
                LK::Chain | LK::HumanChain => {
                    let iss_lane = self.lanes[li].issuer;
                    let issuer_sessions = self.lanes[iss_lane].sessions.clone();
                    let Some(stream) = self.issue_stream(&self.lanes[li]) else {
                        continue;
                    };
                    for s in issuer_sessions {
                        let (ic, ie) = {
                            let x = &self.sessions[s as usize];
                            (x.creation, x.expiry)
                        };
                        if !rng.pct(70) {
                            continue;
                        }
                        if ic < self.start {
                            if ie > self.start {
                                let c0 = ic + rng.range(20, 300) as i64;
                                self.add_session(li, rng, c0, s);
                            }
                            continue;
                        }
                        let t = ic + rng.range(30, 300) as i64;
                        if let Some((fi, k, c)) = self.place(stream, t, ic, 1, rng) {
                            if c < ie - 600 {
                                let id = self.add_session(li, rng, c, s);
                                self.files[fi as usize]
                                    .specials
                                    .push((k, Special::Issue(id)));
                            }
                        }
                    }
                }
                _ => {
                    let (period, active, iss_lane) = {
                        let l = &self.lanes[li];
                        (l.period, l.active, l.issuer)
                    };
                    let Some(stream) = self.issue_stream(&self.lanes[li]) else {
                        continue;
                    };
                    let jitter = |rng: &mut Rng| period * rng.range(80, 120) as i64 / 100;
                    let mut t;
                    if active.0 < self.start {
                        // A session obtained before the trail starts (no issuing event).
                        t = self.start - rng.below(period as u64) as i64;
                        let iss = if iss_lane != NONE {
                            self.lanes[iss_lane]
                                .sessions
                                .first()
                                .copied()
                                .unwrap_or(NO32)
                        } else {
                            NO32
                        };
                        if kind != LK::AttackAssume {
                            self.add_session(li, rng, t, iss);
                        }
                    } else {
                        t = active.0 - jitter(rng);
                    }
                    loop {
                        t += jitter(rng);
                        if t > active.1 || t >= self.end {
                            break;
                        }
                        let t0 = t.max(active.0);
                        let Some((fi, k, c)) = self.place(stream, t0, t0 - 1, 1, rng) else {
                            break;
                        };
                        t = c;
                        // The issuer must hold a valid session at that time.
                        let iss = if iss_lane != NONE {
                            let il = &self.lanes[iss_lane];
                            match il.sessions.iter().rev().find(|&&s| {
                                self.sessions[s as usize].creation < c
                                    && self.sessions[s as usize].expiry > c
                            }) {
                                Some(&s) => s,
                                None => continue,
                            }
                        } else {
                            NO32
                        };
                        let id = self.add_session(li, rng, c, iss);
                        self.files[fi as usize]
                            .specials
                            .push((k, Special::Issue(id)));
                    }
                }
            }
            let sessions = &self.sessions;
            self.lanes[li]
                .sessions
                .sort_by_key(|&s| (sessions[s as usize].creation, s));
        }
        for f in &mut self.files {
            f.specials.sort_by_key(|s| s.0);
        }
    }
}
