//! `trailscope config` and the config file, through the binary: the default file parses back
//! to the built-in defaults, the path follows --config / TRAILSCOPE_CONFIG / XDG_CONFIG_HOME,
//! and a bad file stops the commands that read it with file:line and exit 2.

use std::path::Path;
use std::process::{Command, Output};

fn bin(xdg: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trailscope"));
    c.env_remove("TRAILSCOPE_CONFIG")
        .env("XDG_CONFIG_HOME", xdg)
        .env("HOME", xdg);
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_default_file_is_the_defaults_and_the_readme_points_to_it() {
    let d = tempfile::tempdir().unwrap();
    let o = bin(d.path())
        .args(["config", "--default"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let (out, _) = text(&o);
    let cfg = trailscope::tui::config::parse(&out, Path::new("default.toml")).unwrap();
    assert_eq!(cfg, trailscope::tui::config::Config::default());
    assert_eq!(out, trailscope::tui::config::default_text());
    let readme = include_str!("../README.md");
    assert!(readme.contains("`trailscope config --default`"));
    // Written where it is looked for, it checks out.
    let path = d.path().join("trailscope/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &out).unwrap();
    let (out, err) = text(&bin(d.path()).arg("config").output().unwrap());
    assert!(
        out.contains(": ok (0 key bindings changed, theme dark"),
        "{out}{err}"
    );
}

#[test]
fn the_path_follows_the_flag_the_variable_and_xdg() {
    let d = tempfile::tempdir().unwrap();
    // Global flags go after the command (before it, the explorer would take it for a PATH).
    let path = |c: &mut Command| text(&c.args(["config", "--path"]).output().unwrap()).0;
    let path_with = |c: &mut Command, f: &str| {
        text(
            &c.args(["config", "--path", "--config", f])
                .output()
                .unwrap(),
        )
        .0
    };
    assert_eq!(
        path(&mut bin(d.path())).trim(),
        d.path()
            .join("trailscope/config.toml")
            .display()
            .to_string()
    );
    assert_eq!(
        path(bin(d.path()).env("TRAILSCOPE_CONFIG", "/x/c.toml")).trim(),
        "/x/c.toml"
    );
    assert_eq!(
        path_with(
            bin(d.path()).env("TRAILSCOPE_CONFIG", "/x/c.toml"),
            "/y/d.toml"
        )
        .trim(),
        "/y/d.toml"
    );
    // No file there: the defaults, said so.
    let (out, _) = text(&bin(d.path()).arg("config").output().unwrap());
    assert!(
        out.contains("no such file (the built-in defaults apply)"),
        "{out}"
    );
}

#[test]
fn a_bad_file_is_an_error_naming_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.toml");
    std::fs::write(&bad, "[keys.normal]\nquit = \"x\"\nfuzzy = \"/\"\n").unwrap();
    for args in [
        vec!["config"],
        vec!["rules"],
        vec!["rules", "--config", bad.to_str().unwrap()],
    ] {
        let mut c = bin(d.path());
        if !args.contains(&"--config") {
            c.env("TRAILSCOPE_CONFIG", &bad);
        }
        let o = c.args(&args).output().unwrap();
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "trailscope: config {}:3: key '/' is bound twice in [keys.normal]",
                bad.display()
            )),
            "{args:?}: {err}"
        );
    }
    // A named file that is not there is an error too; the default one may be absent.
    let o = bin(d.path())
        .args(["rules", "--config", "/nonexistent/c.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("/nonexistent/c.toml"), "{}", text(&o).1);
}

#[test]
fn the_rules_folder_is_read_like_rules_dir() {
    let d = tempfile::tempdir().unwrap();
    let rules = d.path().join("myrules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("r.yml"),
        "title: Config folder rule\nid: 5f0e4a3c-1111-4222-8333-944455556666\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: ConsoleLogin\n  condition: sel\nlevel: low\n",
    )
    .unwrap();
    let cfg = d.path().join("c.toml");
    std::fs::write(&cfg, format!("rules = '{}'\n", rules.display())).unwrap();
    let o = bin(d.path())
        .args([
            "rules",
            "--no-default-rules",
            "--config",
            cfg.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(out.contains("Config folder rule"), "{out}{err}");
}
