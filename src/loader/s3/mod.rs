//! `s3://bucket/prefix` inputs: an input kind beside the loader's file discovery.
//!
//! [`prepare`] lists only the objects that can hold the asked window ([`plan`]) and says what
//! fetching them costs ([`Estimate`]); the loader then calls [`Prepared::start`], which fetches
//! the objects into the local [`cache`] (many GETs in flight, retried with backoff on throttling
//! and 5xx by object_store) while the loader's workers decode each one as soon as it is there,
//! exactly as a file: the store's sources are the cached files, so re-reading record bytes
//! (detail, export, search) works unchanged. An object that fails is reported with its key and
//! the reason; the rest load.

pub mod cache;
pub mod creds;
pub mod plan;

use futures::StreamExt;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt};
use plan::{Lister, Obj, Plan, S3Url, Window};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Condvar, Mutex};

/// Compressed bytes per event, measured on the generator's 1M trail (277 MB of `.json.gz` for
/// 1,000,000 events; real deliveries of `/work/shared/data` are alike): the estimate's events.
pub const GZ_BYTES_PER_EVENT: u64 = 277;
/// Memory per loaded event (the loader measured 98 resident at 1M, 91 at 10M; a little over,
/// for the process's own share on a small load): the estimate's memory.
pub const STORE_BYTES_PER_EVENT: u64 = 100;
/// Default `--ask-above`: above this many bytes to fetch, the explorer asks and headless
/// commands need `--yes`.
pub const CONFIRM_FETCH_BYTES: u64 = 1 << 30;
/// Default GETs in flight.
pub const DEFAULT_CONCURRENCY: usize = 32;

/// Where fetched objects go.
#[derive(Clone, Debug)]
pub enum CacheDir {
    /// A lasting cache (`--cache-dir`, default [`cache::default_root`]), bounded in size.
    Dir(PathBuf),
    /// A folder for this run only (`--no-cache`); the caller removes it at exit.
    Temp(PathBuf),
}

/// How to reach the bucket and what to list.
#[derive(Clone, Debug)]
pub struct S3Options {
    /// `--endpoint-url` (an S3-compatible server; path-style requests).
    pub endpoint: Option<String>,
    /// `--no-sign-request`: anonymous requests, no credentials looked for.
    pub no_sign: bool,
    /// `--profile` (else `AWS_PROFILE` when no keys are in the environment).
    pub profile: Option<String>,
    /// The window, accounts and regions.
    pub window: Window,
    /// Where fetched objects go.
    pub cache: CacheDir,
    /// The lasting cache's bound in bytes.
    pub cache_bytes: u64,
    /// GETs in flight.
    pub concurrency: usize,
    /// Also fetch the digest files (for `verify`).
    pub digests: bool,
}

/// A connection to one bucket: object_store's client and the runtime that drives it.
struct Remote {
    store: Arc<dyn ObjectStore>,
    rt: tokio::runtime::Runtime,
}

fn store_path(s: &str) -> StorePath {
    StorePath::parse(s.trim_end_matches('/')).unwrap_or_else(|_| StorePath::from(s))
}

/// Says an object_store error the way the rest of trailscope says errors.
fn reason(e: &object_store::Error) -> String {
    match e {
        object_store::Error::NotFound { .. } => "not found (deleted since it was listed?)".into(),
        object_store::Error::PermissionDenied { .. } => {
            "access denied (403: check the credentials; --no-sign-request only for public buckets)"
                .into()
        }
        object_store::Error::Unauthenticated { .. } => {
            "not authenticated (401: credentials missing, wrong or expired)".into()
        }
        object_store::Error::Generic { source, .. } => source.to_string(),
        _ => e.to_string(),
    }
}

/// A listing that failed: a missing bucket said as such.
fn listing_error(prefix: &str, e: &object_store::Error) -> String {
    let why = match e {
        object_store::Error::NotFound { .. } => "no such bucket".to_string(),
        _ => reason(e),
    };
    format!("listing '{prefix}': {why}")
}

impl Lister for &Remote {
    fn dirs(&mut self, prefix: &str) -> Result<Vec<String>, String> {
        let p = store_path(prefix);
        let r = self
            .rt
            .block_on(self.store.list_with_delimiter(Some(&p)))
            .map_err(|e| listing_error(prefix, &e))?;
        Ok(r.common_prefixes
            .iter()
            .map(|p| format!("{}/", p.as_ref()))
            .collect())
    }

    fn objects(
        &mut self,
        prefix: &str,
        start_after: Option<&str>,
        more: &mut dyn FnMut(&Obj) -> bool,
    ) -> Result<Vec<Obj>, String> {
        let p = store_path(prefix);
        self.rt.block_on(async {
            let mut s = match start_after {
                Some(o) => self.store.list_with_offset(Some(&p), &StorePath::from(o)),
                None => self.store.list(Some(&p)),
            };
            let mut out = Vec::new();
            while let Some(m) = s.next().await {
                let m = m.map_err(|e| listing_error(prefix, &e))?;
                let o = Obj {
                    key: m.location.as_ref().to_string(),
                    size: m.size,
                    etag: m.e_tag,
                };
                if !more(&o) {
                    break;
                }
                out.push(o);
            }
            Ok(out)
        })
    }
}

/// Opens `bucket` with the credentials AWS users expect: none with `--no-sign-request`; a named
/// profile through the AWS CLI (`--profile`, or `AWS_PROFILE` without keys in the
/// environment); else object_store's chain: environment keys, web identity, the ECS container
/// endpoint, the instance metadata service.
fn connect(bucket: &str, opts: &S3Options) -> Result<Remote, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("s3://{bucket}: cannot start the network runtime: {e}"))?;
    use object_store::aws::AmazonS3Builder;
    let mut b = if opts.no_sign {
        AmazonS3Builder::new().with_skip_signature(true)
    } else {
        AmazonS3Builder::from_env()
    }
    .with_bucket_name(bucket)
    .with_retry(object_store::RetryConfig::default());
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut region = env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION"));
    if let Some(ep) = &opts.endpoint {
        b = b
            .with_endpoint(ep)
            .with_allow_http(ep.starts_with("http://"));
        region.get_or_insert_with(|| "us-east-1".into());
    }
    if !opts.no_sign {
        let profile = opts
            .profile
            .clone()
            .or_else(|| env("AWS_PROFILE").filter(|_| env("AWS_ACCESS_KEY_ID").is_none()));
        if let Some(p) = profile {
            b = b.with_credentials(Arc::new(creds::ProfileCredentials::new(&p)?));
        }
    }
    let region = match region {
        Some(r) => r,
        None => rt
            .block_on(object_store::aws::resolve_bucket_region(
                bucket,
                &Default::default(),
            ))
            .map_err(|e| format!("s3://{bucket}: cannot find the bucket's region: {e}"))?,
    };
    let store = b
        .with_region(region)
        .build()
        .map_err(|e| format!("s3://{bucket}: {e}"))?;
    Ok(Remote {
        store: Arc::new(store),
        rt,
    })
}

/// One object to load: its name (`s3://bucket/key`), its place in the cache, and whether it is
/// there already.
#[derive(Clone, Debug)]
pub struct Item {
    /// As listed.
    pub obj: Obj,
    /// `s3://bucket/key`.
    pub name: String,
    /// The cached file.
    pub path: PathBuf,
    /// Already in the cache at planning time.
    pub cached: bool,
}

/// What fetching will cost.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Objects to load.
    pub objects: usize,
    /// Of them, already in the cache.
    pub cached: usize,
    /// Their compressed bytes.
    pub bytes: u64,
    /// Bytes to fetch (not cached).
    pub fetch_bytes: u64,
    /// Expected events ([`GZ_BYTES_PER_EVENT`]).
    pub events: u64,
    /// Expected memory ([`STORE_BYTES_PER_EVENT`]).
    pub memory: u64,
}

impl Estimate {
    /// Of `items`.
    pub fn of(items: &[Item]) -> Estimate {
        let bytes: u64 = items.iter().map(|i| i.obj.size).sum();
        let events = bytes / GZ_BYTES_PER_EVENT;
        Estimate {
            objects: items.len(),
            cached: items.iter().filter(|i| i.cached).count(),
            bytes,
            fetch_bytes: items.iter().filter(|i| !i.cached).map(|i| i.obj.size).sum(),
            events,
            memory: events * STORE_BYTES_PER_EVENT,
        }
    }

    /// True when the user must agree first (`--yes`): more than `limit` bytes to fetch.
    pub fn needs_consent(&self, limit: u64) -> bool {
        self.fetch_bytes > limit
    }
}

/// A listed `s3://` input, ready to fetch.
pub struct Prepared {
    /// As given.
    pub url: String,
    /// The parsed URL.
    pub s3: S3Url,
    /// What was listed.
    pub plan: Plan,
    /// What to load (logs, and digests when asked), in listing order.
    pub items: Vec<Item>,
    remote: Remote,
    cache: CacheDir,
    cache_bytes: u64,
    concurrency: usize,
    /// Objects fetched so far (the rest are cached or failed).
    pub fetched: AtomicU64,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("url", &self.url)
            .field("items", &self.items.len())
            .finish()
    }
}

/// Lists `url` (`s3://bucket/prefix`) for `opts`: nothing is fetched yet.
pub fn prepare(url: &str, opts: &S3Options) -> Result<Prepared, String> {
    let s3 = match S3Url::parse(url) {
        Some(r) => r?,
        None => return Err(format!("{url}: not an s3:// URL")),
    };
    let remote = connect(&s3.bucket, opts)?;
    let plan = plan::plan(&mut &remote, &s3, &opts.window).map_err(|e| format!("{url}: {e}"))?;
    let root = match &opts.cache {
        CacheDir::Dir(p) | CacheDir::Temp(p) => p.clone(),
    };
    let digests = if opts.digests {
        &plan.digests[..]
    } else {
        &[][..]
    };
    let items = plan
        .logs
        .iter()
        .chain(digests)
        .map(|o| {
            let path = cache::path(&root, &s3.bucket, &o.key, o.etag.as_deref(), o.size);
            Item {
                name: format!("s3://{}/{}", s3.bucket, o.key),
                cached: cache::hit(&path, o.size),
                path,
                obj: o.clone(),
            }
        })
        .collect();
    Ok(Prepared {
        url: url.into(),
        s3,
        plan,
        items,
        remote,
        cache: opts.cache.clone(),
        cache_bytes: opts.cache_bytes,
        concurrency: opts.concurrency.max(1),
        fetched: AtomicU64::new(0),
    })
}

/// Whether an object is in the cache yet, for the worker waiting to decode it.
#[derive(Debug, Default)]
pub struct Ready {
    state: Mutex<Option<Result<(), String>>>,
    cv: Condvar,
}

impl Ready {
    fn set(&self, r: Result<(), String>) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
        self.cv.notify_all();
    }

    /// Waits until the object is cached (`Ok`) or could not be fetched (the reason), or until
    /// `cancel` is set.
    pub fn wait(&self, cancel: &AtomicBool) -> Result<(), String> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(r) = &*st {
                return r.clone();
            }
            if cancel.load(Relaxed) {
                return Err("cancelled".into());
            }
            st = self
                .cv
                .wait_timeout(st, std::time::Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// One object of a running fetch, for the loader.
#[derive(Clone, Debug)]
pub struct Pending {
    /// `s3://bucket/key`.
    pub name: String,
    /// The cached file it will be.
    pub path: PathBuf,
    /// Its size as listed.
    pub size: u64,
    /// Set when it is there (or failed).
    pub ready: Arc<Ready>,
}

/// A running fetch; dropping it stops what has not started.
pub struct Fetch {
    /// The objects, in listing order.
    pub items: Vec<Pending>,
    stop: Arc<AtomicBool>,
    /// The fetching thread (detached on drop).
    pub thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Fetch {
    fn drop(&mut self) {
        self.stop.store(true, Relaxed);
    }
}

impl Prepared {
    /// What loading will cost.
    pub fn estimate(&self) -> Estimate {
        Estimate::of(&self.items)
    }

    /// Starts fetching the objects not cached yet, `concurrency` GETs in flight, each written to
    /// the cache through a temporary; then trims a lasting cache to its bound.
    pub fn start(self: &Arc<Self>) -> Fetch {
        let items: Vec<Pending> = self
            .items
            .iter()
            .map(|i| Pending {
                name: i.name.clone(),
                path: i.path.clone(),
                size: i.obj.size,
                ready: Arc::new(Ready::default()),
            })
            .collect();
        let stop = Arc::new(AtomicBool::new(false));
        let (me, todo, st) = (self.clone(), items.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("s3-fetch".into())
            .spawn(move || me.fetch_all(todo, &st))
            .ok();
        if thread.is_none() {
            for p in &items {
                p.ready.set(Err("cannot start the fetching thread".into()));
            }
        }
        Fetch {
            items,
            stop,
            thread,
        }
    }

    fn fetch_all(&self, todo: Vec<Pending>, stop: &AtomicBool) {
        let mut get = Vec::new();
        for (i, p) in self.items.iter().zip(todo) {
            if i.cached || cache::hit(&i.path, i.obj.size) {
                p.ready.set(Ok(()));
            } else {
                get.push((i, p));
            }
        }
        let store = &self.remote.store;
        self.remote.rt.block_on(
            futures::stream::iter(get)
                .map(|(i, p)| async move {
                    if stop.load(Relaxed) {
                        return (p, Err("cancelled".to_string()));
                    }
                    let r = async {
                        let loc = StorePath::from(i.obj.key.as_str());
                        let got = store.get(&loc).await.map_err(|e| reason(&e))?;
                        let bytes = got.bytes().await.map_err(|e| reason(&e))?;
                        if bytes.len() as u64 != i.obj.size {
                            return Err(format!(
                                "{} bytes where the listing said {} (changed since it was listed?)",
                                bytes.len(),
                                i.obj.size
                            ));
                        }
                        cache::store(&i.path, &bytes).map_err(|e| {
                            format!(
                                "cannot cache it at {}: {}",
                                crate::loader::discover::path_name(&i.path),
                                crate::loader::decode::io_reason(&e)
                            )
                        })
                    }
                    .await;
                    (p, r)
                })
                .buffer_unordered(self.concurrency)
                .for_each(|(p, r)| {
                    if r.is_ok() {
                        self.fetched.fetch_add(1, Relaxed);
                    }
                    p.ready.set(r);
                    async {}
                }),
        );
        if let CacheDir::Dir(root) = &self.cache {
            let keep = self.items.iter().map(|i| i.path.clone()).collect();
            cache::evict(root, self.cache_bytes, &keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_waits_for_its_object_and_a_cancel_ends_the_wait() {
        let r = Arc::new(Ready::default());
        let r2 = r.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            r2.set(Err("not found (deleted since it was listed?)".into()));
        });
        let never = AtomicBool::new(false);
        assert_eq!(
            r.wait(&never),
            Err("not found (deleted since it was listed?)".into())
        );
        t.join().unwrap();
        let pending = Ready::default();
        let cancel = AtomicBool::new(true);
        assert_eq!(pending.wait(&cancel), Err("cancelled".into()));
        let ok = Ready::default();
        ok.set(Ok(()));
        assert_eq!(ok.wait(&never), Ok(()));
    }
}
