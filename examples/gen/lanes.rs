//! The population: accounts, users, roles and the lanes that do the work.

use crate::accounts::{APPS, FIRST, LAST};
use crate::agents::{boto3_ua, browser, cli_ua, go_ua, java_ua, js_ua, terraform_ua};
use crate::catalog::svc_index;
use crate::identities::{
    aws_ip, azure_ip, human_ips, ipv6, isp_ip, key_id, principal_id, private_ip, Lane, Role, Ua,
    User, LK, NONE,
};
use crate::plan::{region_weight, Aff, Gen};
use crate::profiles::Prof;
use crate::rng::{hash_str, rand_str, Rng, KEY_CHARS, LOWER_ALNUM};

impl Gen {
    pub fn pick_home(&self, rng: &mut Rng) -> usize {
        let total: u64 = (0..self.regions.len()).map(region_weight).sum();
        let mut r = rng.below(total);
        for i in 0..self.regions.len() {
            let w = region_weight(i);
            if r < w {
                return i;
            }
            r -= w;
        }
        0
    }

    pub fn region_w(&self, aff: Aff, home: usize) -> Vec<u64> {
        (0..self.regions.len())
            .map(|r| match aff {
                Aff::All => 100,
                Aff::Scanner => {
                    if r == home {
                        100
                    } else {
                        30
                    }
                }
                Aff::GlobalOnly => u64::from(r == self.global) * 100,
                Aff::Attack => {
                    if r == self.global {
                        100
                    } else {
                        60
                    }
                }
                Aff::Workload | Aff::Human => {
                    let (g, o) = if matches!(aff, Aff::Workload) {
                        (10, 2)
                    } else {
                        (40, 12)
                    };
                    if r == home {
                        100
                    } else if r == self.global {
                        g
                    } else {
                        o
                    }
                }
            })
            .collect()
    }

    pub fn add_role(&mut self, rng: &mut Rng, acct: usize, name: &str, path: &str) -> usize {
        if let Some(i) = self
            .roles
            .iter()
            .position(|r| r.acct == acct && r.name == name)
        {
            return i;
        }
        let tok = self.accts[acct].tok.clone();
        self.roles.push(Role {
            acct,
            name: name.to_string(),
            path: path.to_string(),
            rid: principal_id(rng, "AROA", &tok),
        });
        self.roles.len() - 1
    }

    pub fn add_user(&mut self, rng: &mut Rng, acct: usize, name: String, keys: usize) -> usize {
        let tok = self.accts[acct].tok.clone();
        let aid = principal_id(rng, "AIDA", &tok);
        let keys = (0..keys).map(|_| key_id(rng, "AKIA", &tok)).collect();
        let mfa = rng.pct(80);
        self.users.push(User {
            acct,
            name,
            aid,
            keys,
            mfa,
        });
        self.users.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    pub fn lane(
        &self,
        kind: LK,
        acct: usize,
        prof: Prof,
        weight: u64,
        aff: Aff,
        home: usize,
        ips: Vec<String>,
        ua: Ua,
    ) -> Lane {
        Lane {
            kind,
            acct,
            user: NONE,
            role: NONE,
            issuer: NONE,
            prof,
            weight,
            region_w: self.region_w(aff, home),
            home,
            ips,
            private_ip: None,
            vpce: None,
            ua,
            label: String::new(),
            period: 3600,
            dur: 3600,
            active: (i64::MIN / 4, i64::MAX / 4),
            err_pct: 100,
            mfa: false,
            console: false,
            sessions: Vec::new(),
        }
    }

    /// A lane working with credentials that lane `issuer`'s principal obtains: the same IPs,
    /// user agent, home region and user, issued by it.
    pub fn lane_from(
        &self,
        kind: LK,
        acct: usize,
        prof: Prof,
        weight: u64,
        aff: Aff,
        issuer: usize,
    ) -> Lane {
        let il = &self.lanes[issuer];
        let (ips, ua) = (il.ips.clone(), il.ua.clone());
        let mut l = self.lane(kind, acct, prof, weight, aff, il.home, ips, ua);
        l.user = il.user;
        l.issuer = issuer;
        l
    }

    pub fn build_lanes(&mut self, rng: &mut Rng) {
        let na = self.accts.len();
        let office: Vec<String> = (0..3).map(|_| isp_ip(rng)).collect();
        let mut used_names: Vec<String> = Vec::new();
        let mut person = |rng: &mut Rng| -> (String, String) {
            loop {
                let f = rng.word(&FIRST);
                let l = rng.word(&LAST);
                let n = format!("{f}.{l}");
                if !used_names.contains(&n) {
                    used_names.push(n.clone());
                    return (f.to_string(), l.to_string());
                }
            }
        };
        let span = self.end - self.start;
        let attack_start = self.start + span * 55 / 100;
        let attack_len = (span * 30 / 100).clamp(600, 4 * 3600);
        let attack_end = attack_start + attack_len;
        let attackers: Vec<String> = [
            "185.220.101",
            "185.220.100",
            "45.155.205",
            "193.142.146",
            "89.248.165",
        ]
        .iter()
        .map(|p| format!("{p}.{}", rng.range(2, 254)))
        .collect();
        let mut github0 = NONE;
        let mut ec2_0 = NONE;
        let mut human_keys0: Vec<usize> = Vec::new();
        // The previous account's HumanAssume lanes (their sessions hop on here).
        let mut assumed_prev: Vec<usize> = Vec::new();
        let mut legacy0 = NONE;
        let mut sftp0 = NONE;
        for a in 0..na {
            let big = a == 0;
            let env = self.accts[a].env;
            let org = self.accts[a].org;
            let domain = format!("{org}.com");
            // Human IAM users.
            let mut human_key_lanes = Vec::new();
            for _ in 0..if big { 16 } else { 7 } {
                let (f, l) = person(rng);
                let name = match rng.below(3) {
                    0 => format!("{f}.{l}"),
                    1 => format!("{}{l}", &f[..1]),
                    _ => format!("{f}.{l}@{domain}"),
                };
                let ips = human_ips(rng, &office);
                let nkeys = if rng.pct(60) {
                    1 + usize::from(rng.pct(20))
                } else {
                    0
                };
                let u = self.add_user(rng, a, name, nkeys);
                let home = self.pick_home(rng);
                let os = *rng.pick(&["mac", "mac", "linux", "win"]);
                for k in 0..nkeys {
                    let prof = *rng.pick(&[Prof::Admin, Prof::ReadOnly, Prof::Data, Prof::Admin]);
                    let mut l = self.lane(
                        LK::UserKey,
                        a,
                        prof,
                        25,
                        Aff::Human,
                        home,
                        ips.clone(),
                        cli_ua(rng, os),
                    );
                    l.user = u;
                    l.label = self.users[u].keys[k].clone();
                    human_key_lanes.push(self.lanes.len());
                    self.lanes.push(l);
                }
                if rng.pct(70) {
                    let mut l = self.lane(
                        LK::Console,
                        a,
                        Prof::Console,
                        60,
                        Aff::Human,
                        home,
                        ips.clone(),
                        Ua::Console(browser(rng)),
                    );
                    l.user = u;
                    l.period = 9 * 3600;
                    l.dur = 12 * 3600;
                    l.mfa = self.users[u].mfa;
                    l.console = true;
                    self.lanes.push(l);
                }
            }
            if big {
                human_keys0 = human_key_lanes.clone();
            }
            // Service users (long-term keys).
            let services: &[(&str, Prof, u64, u8)] = &[
                ("terraform", Prof::Terraform, 70, 0),
                ("ci-deploy", Prof::Ci, 80, 1),
                ("backup-agent", Prof::Backup, 50, 2),
                ("datadog-integration", Prof::Monitoring, 120, 3),
                ("legacy-app", Prof::App, 50, 4),
                ("s3-uploader", Prof::Data, 40, 5),
                ("jenkins", Prof::Ci, 40, 6),
                ("grafana-cloudwatch", Prof::Monitoring, 60, 7),
                ("snowflake-loader", Prof::Data, 40, 8),
                ("sftp-transfer", Prof::App, 30, 5),
            ];
            for &(name, prof, w, uak) in services.iter().take(if big { 10 } else { 5 }) {
                let ips: Vec<String> = match uak {
                    0 => (0..12).map(|_| azure_ip(rng)).collect(),
                    6 => vec![office[0].clone()],
                    _ => (0..2).map(|_| aws_ip(rng)).collect(),
                };
                let u = self.add_user(rng, a, name.to_string(), 1);
                let ua = match uak {
                    0 => terraform_ua(rng),
                    1 => cli_ua(rng, "linux"),
                    2 | 3 => go_ua(rng),
                    4 => Ua::Fixed("aws-sdk-java/1.11.1034 Linux/4.14.355-196.647.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b07 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/legacy".into()),
                    5 => boto3_ua(rng, false),
                    6 => Ua::Fixed(format!("aws-cli/1.33.{} Python/3.9.16 Linux/5.15.0-1058-aws botocore/1.34.{}", rng.range(1, 40), rng.range(1, 99))),
                    7 => Ua::Fixed("aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)".into()),
                    _ => java_ua(rng),
                };
                let home = self.pick_home(rng);
                let aff = if uak == 3 {
                    Aff::Scanner
                } else {
                    Aff::Workload
                };
                let mut l = self.lane(LK::UserKey, a, prof, w, aff, home, ips, ua);
                l.user = u;
                l.label = self.users[u].keys[0].clone();
                if big && name == "legacy-app" {
                    legacy0 = u;
                }
                if big && name == "sftp-transfer" {
                    sftp0 = self.lanes.len();
                }
                self.lanes.push(l);
            }
            // EC2 instance profiles.
            for i in 0..if big { 6 } else { 3 } {
                let rname = [
                    "app-server-role",
                    "worker-node-role",
                    "bastion-role",
                    "batch-role",
                    "web-role",
                    "ml-training-role",
                ][i];
                let role = self.add_role(rng, a, rname, "/");
                let home = self.pick_home(rng);
                let ua = match rng.below(4) {
                    0 => java_ua(rng),
                    1 => boto3_ua(rng, false),
                    2 => go_ua(rng),
                    _ => js_ua(rng, false),
                };
                let prof = if i == 2 { Prof::Admin } else { Prof::App };
                if big && i == 0 {
                    ec2_0 = self.lanes.len();
                }
                let mut l = self.lane(
                    LK::Ec2,
                    a,
                    prof,
                    if i == 2 { 40 } else { 300 },
                    Aff::Workload,
                    home,
                    vec![aws_ip(rng)],
                    ua,
                );
                l.role = role;
                l.label = self.accts[a].instances[i].clone();
                if rng.pct(50) {
                    l.private_ip = Some(private_ip(rng));
                    l.vpce = Some(self.accts[a].vpce[rng.idx(3)].clone());
                } else if rng.pct(35) {
                    // Dual-stack subnet: calls leave over IPv6 (per-region AWS prefixes).
                    const V6: &[&str] = &[
                        "2600:1f18:",
                        "2600:1f14:",
                        "2a05:d018:",
                        "2a05:d014:",
                        "2406:da1c:",
                        "2406:da14:",
                    ];
                    l.ips = vec![ipv6(rng, V6[home % V6.len()])];
                }
                l.period = 3600;
                l.dur = 6 * 3600;
                self.lanes.push(l);
            }
            // Lambda functions.
            let fns = self.accts[a].pool[svc_index("lambda")].clone();
            for f in fns.iter().take(if big { 6 } else { 3 }) {
                let role = self.add_role(rng, a, &format!("{f}-role"), "/service-role/");
                let home = self.pick_home(rng);
                let ua = if rng.pct(50) {
                    boto3_ua(rng, true)
                } else {
                    js_ua(rng, true)
                };
                let ips = (0..6).map(|_| aws_ip(rng)).collect();
                let mut l = self.lane(
                    LK::Lambda,
                    a,
                    Prof::LambdaFn,
                    200,
                    Aff::Workload,
                    home,
                    ips,
                    ua,
                );
                l.role = role;
                l.label = f.clone();
                l.period = 9000;
                l.dur = 6 * 3600;
                self.lanes.push(l);
            }
            // ECS task roles.
            for app in APPS.iter().take(if big { 2 } else { 1 }) {
                let role = self.add_role(rng, a, &format!("ecs-task-{app}-role"), "/");
                let home = self.pick_home(rng);
                let ua = if rng.pct(50) {
                    java_ua(rng)
                } else {
                    go_ua(rng)
                };
                let mut l = self.lane(
                    LK::Ecs,
                    a,
                    Prof::App,
                    250,
                    Aff::Workload,
                    home,
                    vec![aws_ip(rng)],
                    ua,
                );
                l.role = role;
                l.period = 3 * 3600;
                l.dur = 6 * 3600;
                self.lanes.push(l);
            }
            // EKS IRSA (AssumeRoleWithWebIdentity).
            let irsa: &[(&str, &str, Prof)] = &[
                (
                    "eks-external-dns",
                    "system:serviceaccount:kube-system:external-dns",
                    Prof::Eks,
                ),
                (
                    "eks-karpenter",
                    "system:serviceaccount:karpenter:karpenter",
                    Prof::Eks,
                ),
                (
                    "eks-data-pipeline",
                    "system:serviceaccount:data:spark-runner",
                    Prof::Data,
                ),
            ];
            for &(rname, sub, prof) in irsa.iter().take(if big { 3 } else { 1 }) {
                let role = self.add_role(rng, a, rname, "/");
                let home = self.pick_home(rng);
                let ips = vec![aws_ip(rng), aws_ip(rng)];
                let mut l = self.lane(LK::Eks, a, prof, 250, Aff::Workload, home, ips, go_ua(rng));
                l.role = role;
                l.label = sub.to_string();
                l.period = 3000;
                l.dur = 3600;
                self.lanes.push(l);
            }
            // GitHub Actions OIDC.
            let role = self.add_role(rng, a, "github-actions-deploy", "/");
            let home = self.pick_home(rng);
            let ips = (0..40).map(|_| azure_ip(rng)).collect();
            let mut l = self.lane(
                LK::GitHub,
                a,
                Prof::Ci,
                160,
                Aff::Workload,
                home,
                ips,
                cli_ua(rng, "linux"),
            );
            l.role = role;
            l.label = format!("repo:{org}/platform-{env}:ref:refs/heads/main");
            l.period = 7200;
            l.dur = 3600;
            if big {
                github0 = self.lanes.len();
            }
            self.lanes.push(l);
            // Role chaining: GitHub (account 0) → terraform-deploy here.
            let role = self.add_role(rng, a, "terraform-deploy", "/");
            let ips = self.lanes[github0].ips.clone();
            let mut l = self.lane(
                LK::Chain,
                a,
                Prof::Terraform,
                180,
                Aff::Workload,
                home,
                ips,
                terraform_ua(rng),
            );
            l.role = role;
            l.issuer = github0;
            l.dur = 3600;
            self.lanes.push(l);
            // Humans of account 0 assuming an admin role here.
            let rname = if a == 0 {
                "AdminRole"
            } else {
                "OrganizationAccountAccessRole"
            };
            let role = self.add_role(rng, a, rname, "/");
            let mut assumed_here = Vec::new();
            for _ in 0..if big { 3 } else { 2 } {
                if human_keys0.is_empty() {
                    break;
                }
                let iss = human_keys0[rng.idx(human_keys0.len())];
                let mut l = self.lane_from(LK::HumanAssume, a, Prof::Admin, 80, Aff::Human, iss);
                l.role = role;
                l.period = 4 * 3600;
                l.dur = 3600;
                assumed_here.push(self.lanes.len());
                self.lanes.push(l);
            }
            // Role chaining by humans: from the admin role they assumed in the previous
            // account on to a security-audit role here (draws of its own, so the rest of the
            // population is unchanged).
            if !assumed_prev.is_empty() {
                let mut hop = Rng::of(&[self.seed, a as u64, 0x4C43_4841_494E]);
                let role = self.add_role(&mut hop, a, "security-audit", "/");
                for &iss in &assumed_prev {
                    let mut l =
                        self.lane_from(LK::HumanChain, a, Prof::ReadOnly, 60, Aff::Human, iss);
                    l.role = role;
                    l.dur = 3600;
                    self.lanes.push(l);
                }
            }
            assumed_prev = assumed_here;
            // IAM Identity Center (AWSReservedSSO_*) and Okta SAML.
            let sso_region = self.regions[self.pick_home(rng)].clone();
            let sets: &[(&str, Prof)] = &[
                ("AdministratorAccess", Prof::Admin),
                ("ReadOnlyAccess", Prof::ReadOnly),
                ("PowerUserAccess", Prof::Admin),
                ("DataEngineer", Prof::Data),
            ];
            for i in 0..if big { 5 } else { 3 } {
                let (set, prof) = sets[i % sets.len()];
                let hex = hash_str(&format!("{set}{}", self.accts[a].sso_hex));
                let role = self.add_role(
                    rng,
                    a,
                    &format!("AWSReservedSSO_{set}_{hex:016x}"),
                    &format!("/aws-reserved/sso.amazonaws.com/{sso_region}/"),
                );
                let (f, l2) = person(rng);
                let ips = human_ips(rng, &office);
                let home = self.pick_home(rng);
                let console = rng.pct(60);
                let ua = if console {
                    Ua::Console(browser(rng))
                } else {
                    cli_ua(rng, "mac")
                };
                let mut l = self.lane(LK::Sso, a, prof, 120, Aff::Human, home, ips, ua);
                l.role = role;
                l.label = format!("{f}.{l2}@{domain}");
                l.console = console;
                l.period = 6 * 3600;
                l.dur = 8 * 3600;
                self.lanes.push(l);
            }
            let role = self.add_role(rng, a, "okta-engineers", "/");
            let (f, l2) = person(rng);
            let ips = human_ips(rng, &office);
            let home = self.pick_home(rng);
            let mut l = self.lane(
                LK::Saml,
                a,
                Prof::Admin,
                60,
                Aff::Human,
                home,
                ips,
                Ua::Console(browser(rng)),
            );
            l.role = role;
            l.label = format!("{f}.{l2}@{domain}");
            l.console = true;
            l.period = 8 * 3600;
            l.dur = 4 * 3600;
            self.lanes.push(l);
            // GetSessionToken (MFA) by a human with a key.
            if let Some(&iss) = human_key_lanes.first() {
                let mut l = self.lane_from(LK::SessionToken, a, Prof::Admin, 50, Aff::Human, iss);
                l.mfa = true;
                l.period = 12 * 3600;
                l.dur = 12 * 3600;
                self.lanes.push(l);
            }
            // GetFederationToken by the SFTP service user.
            if big && sftp0 != NONE {
                let mut l =
                    self.lane_from(LK::Federation, a, Prof::CrossData, 40, Aff::Workload, sftp0);
                l.label = format!("partner-upload-{}", rand_str(rng, LOWER_ALNUM, 4));
                l.period = 3600;
                l.dur = 3600;
                self.lanes.push(l);
            }
            // Root (rare console use).
            if big || rng.pct(50) {
                let ips = vec![office[0].clone()];
                let mut l = self.lane(
                    LK::Root,
                    a,
                    Prof::Root,
                    3,
                    Aff::Human,
                    self.global,
                    ips,
                    Ua::Console(browser(rng)),
                );
                l.period = 20 * 3600;
                l.dur = 3600;
                l.mfa = true;
                l.console = true;
                self.lanes.push(l);
            }
            // A vendor account reading our buckets and keys (AWSAccount identity).
            let ext = self.ext_accts[a % self.ext_accts.len()].clone();
            let ips = vec![aws_ip(rng), aws_ip(rng)];
            let ua = boto3_ua(rng, false);
            let mut l = self.lane(
                LK::CrossAccount,
                a,
                Prof::CrossData,
                60,
                Aff::Workload,
                0,
                ips,
                ua,
            );
            let tok = rand_str(rng, KEY_CHARS, 8);
            l.label = format!(
                "{}:{}",
                principal_id(rng, "AROA", &tok),
                ["snowflake-s3-access", "partner-ingest", "analytics-reader"][a % 3]
            );
            l.user = self.ext_accts.iter().position(|x| *x == ext).unwrap();
            self.lanes.push(l);
            // AWS services acting on their own (kms Decrypt by s3, AssumeRole by config, ...).
            let l = self.lane(
                LK::Service,
                a,
                Prof::Service,
                900,
                Aff::All,
                0,
                Vec::new(),
                Ua::Fixed(String::new()),
            );
            self.lanes.push(l);
            let l = self.lane(
                LK::ServiceEvent,
                a,
                Prof::Service,
                60,
                Aff::All,
                0,
                Vec::new(),
                Ua::Fixed(String::new()),
            );
            self.lanes.push(l);
        }
        // The attack: legacy-app's key leaked.
        if legacy0 != NONE && self.attack {
            let kali = Ua::Fixed(format!(
                "Boto3/1.34.{} md/Botocore#1.34.{} ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.{} Linux/6.6.9-kali1-amd64",
                rng.range(10, 60),
                rng.range(10, 60),
                rng.range(10, 60)
            ));
            let mut l = self.lane(
                LK::AttackKey,
                0,
                Prof::Recon,
                40,
                Aff::Attack,
                self.global,
                attackers[..3].to_vec(),
                kali,
            );
            l.user = legacy0;
            l.active = (attack_start, attack_end);
            l.err_pct = 1200;
            let attack_lane = self.lanes.len();
            self.lanes.push(l);
            let u = self.add_user(rng, 0, "svc-backup-sync".into(), 1);
            let mut l = self.lane(
                LK::AttackBackdoor,
                0,
                Prof::Exfil,
                30,
                Aff::Attack,
                self.global,
                vec![attackers[3].clone(), attackers[1].clone()],
                cli_ua(rng, "kali"),
            );
            l.user = u;
            l.issuer = attack_lane;
            l.active = (attack_start + attack_len / 5, attack_end + 3600);
            l.err_pct = 400;
            let bd_lane = self.lanes.len();
            self.lanes.push(l);
            let a1 = if na > 1 { 1 } else { 0 };
            let rname = if a1 == 0 {
                "AdminRole"
            } else {
                "OrganizationAccountAccessRole"
            };
            let role = self.add_role(rng, a1, rname, "/");
            let mut l = self.lane(
                LK::AttackAssume,
                a1,
                Prof::Exfil,
                30,
                Aff::Attack,
                self.global,
                vec![attackers[3].clone()],
                self.lanes[bd_lane].ua.clone(),
            );
            l.role = role;
            l.issuer = bd_lane;
            l.label = "backup-sync".into();
            l.period = 3000;
            l.dur = 3600;
            l.active = (attack_start + attack_len / 4, attack_end + 3600);
            l.err_pct = 300;
            self.lanes.push(l);
            // The app server's instance credentials, stolen (SSRF to the metadata service),
            // used from the attacker's IP while the attack lasts.
            if ec2_0 != NONE {
                let mut l = self.lane(
                    LK::StolenInstance,
                    0,
                    Prof::Recon,
                    30,
                    Aff::Attack,
                    self.lanes[ec2_0].home,
                    vec![attackers[4].clone()],
                    self.lanes[attack_lane].ua.clone(),
                );
                l.role = self.lanes[ec2_0].role;
                l.issuer = ec2_0;
                l.label = self.lanes[ec2_0].label.clone();
                l.active = (attack_start + attack_len / 3, attack_end);
                l.err_pct = 800;
                self.lanes.push(l);
            }
            let mut l = self.lane(
                LK::BruteForce,
                0,
                Prof::Recon,
                50,
                Aff::GlobalOnly,
                self.global,
                attackers[2..].to_vec(),
                Ua::Fixed(
                    "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0".into(),
                ),
            );
            l.active = (attack_start - attack_len / 3, attack_start + attack_len / 6);
            self.lanes.push(l);
        }
    }
}
