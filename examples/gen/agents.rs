//! User agents: aws-cli, SDKs, Terraform, browsers, the console.

use crate::identities::Ua;
use crate::rng::{hash_str, Rng};

pub fn cli_ua(rng: &mut Rng, os: &str) -> Ua {
    let minor = rng.range(15, 22);
    let patch = rng.range(0, 40);
    let py = *rng.pick(&["3.11.8", "3.12.6", "3.11.9", "3.12.7"]);
    let (osmd, inst) = match os {
        "mac" => (
            format!(
                "os/macos#{}.{}.0 md/arch#arm64",
                rng.range(23, 24),
                rng.range(0, 6)
            ),
            "md/installer#source",
        ),
        "win" => (
            "os/windows#10 md/arch#amd64".to_string(),
            "md/installer#exe",
        ),
        "kali" => (
            "os/linux#6.6.9-kali1-amd64 md/arch#x86_64".to_string(),
            "md/installer#exe md/distrib#kali.2024",
        ),
        _ => (
            format!(
                "os/linux#{} md/arch#x86_64",
                rng.pick(&[
                    "5.15.0-1064-aws",
                    "6.8.0-1016-aws",
                    "6.5.0-1022-azure",
                    "6.1.112-122.189.amzn2023.x86_64"
                ])
            ),
            "md/installer#exe md/distrib#ubuntu.22",
        ),
    };
    Ua::Cli(format!(
        "aws-cli/2.{minor}.{patch} md/awscrt#0.{}.{} ua/2.0 {osmd} lang/python#{py} md/pyimpl#CPython cfg/retry-mode#standard {inst} md/prompt#off",
        rng.range(19, 22),
        rng.range(0, 12)
    ))
}

pub fn boto3_ua(rng: &mut Rng, lambda: bool) -> Ua {
    let v = rng.range(28, 35);
    let p = rng.range(0, 90);
    let env = if lambda {
        " exec-env/AWS_Lambda_python3.12"
    } else {
        ""
    };
    Ua::Fixed(format!(
        "Boto3/1.{v}.{p} md/Botocore#1.{v}.{p} ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython{env} cfg/retry-mode#legacy Botocore/1.{v}.{p}"
    ))
}

pub fn go_ua(rng: &mut Rng) -> Ua {
    Ua::Go(format!(
        "aws-sdk-go-v2/1.{}.{} ua/2.1 os/linux lang/go#1.23.{} md/GOOS#linux md/GOARCH#amd64",
        rng.range(30, 32),
        rng.range(0, 9),
        rng.range(1, 4)
    ))
}

pub fn terraform_ua(rng: &mut Rng) -> Ua {
    Ua::Go(format!(
        "APN/1.0 HashiCorp/1.0 Terraform/1.{}.{} (+https://www.terraform.io) terraform-provider-aws/5.{}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.{} ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64",
        rng.range(8, 9),
        rng.range(0, 8),
        rng.range(70, 78),
        rng.range(0, 6)
    ))
}

pub fn java_ua(rng: &mut Rng) -> Ua {
    Ua::Fixed(format!(
        "aws-sdk-java/2.{}.{} Linux/5.10.227-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy cfg/auth-source#imds",
        rng.range(25, 29),
        rng.range(10, 60)
    ))
}

pub fn js_ua(rng: &mut Rng, lambda: bool) -> Ua {
    let v = format!("3.{}.0", rng.range(600, 700));
    let env = if lambda {
        " exec-env/AWS_Lambda_nodejs20.x"
    } else {
        ""
    };
    Ua::Js(
        format!(
            "aws-sdk-js/{v} ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0"
        ),
        v,
        env.to_string(),
    )
}

pub fn browser(rng: &mut Rng) -> String {
    let chrome = rng.range(128, 131);
    rng.pick(&[
        format!("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36"),
        format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.0.0"),
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/132.0".to_string(),
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0".to_string(),
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15".to_string(),
    ])
    .clone()
}

pub fn kebab(name: &str) -> String {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == 'v');
    let base = if base.len() < 4 { name } else { base };
    let mut s = String::with_capacity(base.len() + 4);
    let b = base.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && !b[i - 1].is_ascii_uppercase();
            let next_lower = i + 1 < b.len() && b[i + 1].is_ascii_lowercase();
            if i > 0 && (prev_lower || next_lower) {
                s.push('-');
            }
            s.push(c.to_ascii_lowercase() as char);
        } else {
            s.push(c as char);
        }
    }
    s
}

/// IAM action name of an event name (`ListFunctions20150331` → `ListFunctions`).
pub fn action_name(name: &str) -> &str {
    match name
        .find("2015")
        .or_else(|| name.find("2016"))
        .or_else(|| name.find("2017"))
        .or_else(|| name.find("2018"))
    {
        Some(i) => &name[..i],
        None => name,
    }
}

pub fn svc_version(svc: &str) -> String {
    let h = hash_str(svc);
    format!("1.{}.{}", 20 + h % 180, (h >> 20) % 10)
}

pub const CONSOLE_JAVA: &str = "aws-internal/3 aws-sdk-java/1.12.780 Linux/5.10.228-198.909.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.432-b06 java/1.8.0_432 vendor/Oracle_Corporation cfg/retry-mode/standard";

pub const SSM_AGENT: &str =
    "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0";
