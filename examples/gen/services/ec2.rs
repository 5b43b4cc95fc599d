//! Amazon EC2.

use crate::accounts::APPS;
use crate::data::{section, LISTS};
use crate::event::{ec2_items, lcfirst, null_resp, tag_list, Ctx, Scratch};
use crate::identities::principal_id;
use crate::json::Js;
use crate::profiles::Prof;
use crate::rng::{hexs, rand_str, uuid, Rng, LOWER_ALNUM};
use std::sync::LazyLock;

pub static INSTANCE_TYPES: LazyLock<Vec<&str>> = LazyLock::new(|| section(LISTS, "instance-types"));

pub static MINER_TYPES: LazyLock<Vec<&str>> = LazyLock::new(|| section(LISTS, "miner-types"));

pub fn ec2_state(o: &mut Vec<u8>, key: &str, code: u64, name: &str) {
    o.ko(key);
    o.kn("code", code);
    o.ks("name", name);
    o.c();
}

pub fn ec2_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let aid = c.aid();
    let r = c.r();
    let a = c.a;
    let exfil = c.lane.prof == Prof::Exfil;
    let inst = c.pick(&a.instances).to_string();
    sc.x = inst.clone();
    sc.arn = format!("arn:aws:ec2:{r}:{aid}:instance/*");
    let nf = |code: &'static str, what: &str, id: &str| {
        Some((code, format!("The {what} '{id}' does not exist")))
    };
    let o = &mut sc.body;
    let ok_resp = |o: &mut Vec<u8>, rng: &mut Rng| {
        if err {
            null_resp(o);
        } else {
            o.ko("responseElements");
            o.ks("requestId", &uuid(rng));
            o.kb("_return", true);
            o.c();
        }
    };
    match name {
        "DescribeInstances" => {
            o.ko("requestParameters");
            if c.rng.pct(35) {
                let ids: Vec<&str> = (0..c.rng.range(1, 3))
                    .map(|_| c.pick(&a.instances))
                    .collect();
                ec2_items(o, "instancesSet", "instanceId", &ids);
            } else {
                o.kr("instancesSet", "{}");
            }
            if c.rng.pct(40) {
                o.ko("filterSet");
                o.ka("items");
                o.eo();
                o.ks("name", "instance-state-name");
                o.ko("valueSet");
                o.ka("items");
                o.eo();
                o.ks("value", "running");
                o.c();
                o.eo();
                o.ks("value", "pending");
                o.c();
                o.ca();
                o.c();
                o.c();
                if c.rng.pct(50) {
                    o.eo();
                    o.ks("name", "tag:Environment");
                    o.ko("valueSet");
                    o.ka("items");
                    o.eo();
                    o.ks("value", a.env);
                    o.c();
                    o.ca();
                    o.c();
                    o.c();
                }
                o.ca();
                o.c();
            } else {
                o.kr("filterSet", "{}");
            }
            if c.rng.pct(30) {
                o.kn("maxResults", 1000);
            }
            o.c();
            null_resp(o);
        }
        "DescribeInstanceAttribute" | "DescribeImageAttribute" | "DescribeSnapshotAttribute" => {
            o.ko("requestParameters");
            match name {
                "DescribeInstanceAttribute" => {
                    o.ks("instanceId", &inst);
                    o.ks(
                        "attribute",
                        ["userData", "instanceType", "disableApiTermination"][c.rng.idx(3)],
                    );
                }
                "DescribeImageAttribute" => {
                    o.ks("imageId", c.pick(&a.amis));
                    o.ks("attribute", "launchPermission");
                }
                _ => {
                    o.ks("snapshotId", c.pick(&a.snapshots));
                    o.ks("attribute", "CREATE_VOLUME_PERMISSION");
                }
            }
            o.c();
            null_resp(o);
        }
        n if n.starts_with("Describe")
            || n.starts_with("Get")
                && !matches!(
                    n,
                    "GetPasswordData" | "GetConsoleOutput" | "GetConsoleScreenshot"
                ) =>
        {
            o.ko("requestParameters");
            if let Some(stem) = n.strip_prefix("Describe") {
                let mut stem = stem.to_string();
                if stem.ends_with("sses") || stem.ends_with("xes") {
                    stem.truncate(stem.len() - 2);
                } else if stem.ends_with('s') {
                    stem.pop();
                }
                o.kr(&format!("{}Set", lcfirst(&stem)), "{}");
                if n == "DescribeImages" {
                    o.ko("ownersSet");
                    o.ka("items");
                    o.eo();
                    o.ks("owner", if c.rng.pct(50) { "self" } else { "amazon" });
                    o.c();
                    o.ca();
                    o.c();
                }
                if c.rng.pct(35) {
                    o.ko("filterSet");
                    o.ka("items");
                    o.eo();
                    let (f, v) = match c.rng.below(3) {
                        0 => ("vpc-id", a.vpc.clone()),
                        1 => ("tag:Name", format!("{}-{}", a.env, c.rng.word(&APPS))),
                        _ => (
                            "availability-zone",
                            format!("{r}{}", ["a", "b", "c"][c.rng.idx(3)]),
                        ),
                    };
                    o.ks("name", f);
                    o.ko("valueSet");
                    o.ka("items");
                    o.eo();
                    o.ks("value", &v);
                    o.c();
                    o.ca();
                    o.c();
                    o.c();
                    o.ca();
                    o.c();
                } else {
                    o.kr("filterSet", "{}");
                }
                if n == "DescribeSpotPriceHistory" {
                    o.ko("instanceTypeSet");
                    o.ka("items");
                    for t in INSTANCE_TYPES.iter().take(c.rng.range(1, 6) as usize) {
                        o.eo();
                        o.ks("instanceType", t);
                        o.c();
                    }
                    o.ca();
                    o.c();
                    o.kn("startTime", c.ms() - 3_600_000);
                }
            }
            o.c();
            null_resp(o);
            if n.contains("SecurityGroup") {
                sc.nf = nf(
                    "Client.InvalidGroup.NotFound",
                    "security group",
                    c.pick(&a.sgs),
                );
            } else if n.contains("Volume") {
                sc.nf = nf(
                    "Client.InvalidVolume.NotFound",
                    "volume",
                    c.pick(&a.volumes),
                );
            } else if n.contains("Snapshot") {
                sc.nf = nf(
                    "Client.InvalidSnapshot.NotFound",
                    "snapshot",
                    c.pick(&a.snapshots),
                );
            } else if n.contains("Image") {
                sc.nf = Some((
                    "Client.InvalidAMIID.NotFound",
                    format!("The image id '[{}]' does not exist", c.pick(&a.amis)),
                ));
            } else if n.contains("Subnet") {
                sc.nf = nf(
                    "Client.InvalidSubnetID.NotFound",
                    "subnet ID",
                    c.pick(&a.subnets),
                );
            } else if n.contains("RouteTable") {
                sc.nf = Some((
                    "Client.InvalidRouteTableID.NotFound",
                    format!(
                        "The routeTable ID 'rtb-0{}' does not exist",
                        hexs(&mut c.rng, 16)
                    ),
                ));
            } else if n.contains("Vpc") {
                sc.nf = nf("Client.InvalidVpcID.NotFound", "vpc ID", &a.vpc);
            }
        }
        "RunInstances" => {
            let n = if exfil {
                c.rng.range(5, 20)
            } else {
                c.rng.range(1, 2)
            };
            let itype = if exfil {
                c.rng.word(&MINER_TYPES)
            } else {
                c.rng.word(&INSTANCE_TYPES)
            };
            let ami = c.pick(&a.amis).to_string();
            let subnet = c.pick(&a.subnets).to_string();
            let sg = c.pick(&a.sgs).to_string();
            let token = uuid(&mut c.rng);
            let profile = format!("arn:aws:iam::{aid}:instance-profile/app-server-role");
            let tname = format!("{}-{}", a.env, c.rng.word(&APPS));
            o.ko("requestParameters");
            o.ko("instancesSet");
            o.ka("items");
            o.eo();
            o.ks("imageId", &ami);
            o.kn("minCount", n);
            o.kn("maxCount", n);
            o.c();
            o.ca();
            o.c();
            o.ks("instanceType", itype);
            o.ko("blockDeviceMapping");
            o.ka("items");
            o.eo();
            o.ks("deviceName", "/dev/xvda");
            o.ko("ebs");
            o.kn("volumeSize", [20, 50, 100, 200][c.rng.idx(4)]);
            o.kb("deleteOnTermination", true);
            o.ks("volumeType", "gp3");
            o.kb("encrypted", true);
            o.c();
            o.c();
            o.ca();
            o.c();
            o.kr("monitoring", "{\"enabled\":false}");
            o.kb("disableApiTermination", false);
            o.kb("disableApiStop", false);
            o.ks("clientToken", &token);
            o.ko("networkInterfaceSet");
            o.ka("items");
            o.eo();
            o.kn("deviceIndex", 0);
            o.ks("subnetId", &subnet);
            o.kb("associatePublicIpAddress", exfil);
            o.ko("groupSet");
            o.ka("items");
            o.eo();
            o.ks("groupId", &sg);
            o.c();
            o.ca();
            o.c();
            o.c();
            o.ca();
            o.c();
            o.ko("iamInstanceProfile");
            o.ks("arn", &profile);
            o.c();
            o.kb("ebsOptimized", true);
            o.ko("tagSpecificationSet");
            o.ka("items");
            o.eo();
            o.ks("resourceType", "instance");
            o.ka("tags");
            o.eo();
            o.ks("key", "Name");
            o.ks("value", &tname);
            o.c();
            o.eo();
            o.ks("key", "Environment");
            o.ks("value", a.env);
            o.c();
            o.ca();
            o.c();
            o.ca();
            o.c();
            o.kr("metadataOptions", "{\"httpTokens\":\"required\",\"httpPutResponseHopLimit\":2,\"httpEndpoint\":\"enabled\"}");
            o.c();
            if err {
                null_resp(o);
            } else {
                let launch = c.ms();
                let vpc = a.vpc.clone();
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ks("reservationId", &format!("r-0{}", hexs(&mut c.rng, 16)));
                o.ks("ownerId", aid);
                o.kr("groupSet", "{}");
                o.ko("instancesSet");
                o.ka("items");
                for i in 0..n {
                    let ip = format!("10.0.{}.{}", c.rng.below(64), c.rng.range(4, 250));
                    let dns = if r == "us-east-1" {
                        format!("ip-{}.ec2.internal", ip.replace('.', "-"))
                    } else {
                        format!("ip-{}.{r}.compute.internal", ip.replace('.', "-"))
                    };
                    let iid = format!("i-0{}", hexs(&mut c.rng, 16));
                    o.eo();
                    o.ks("instanceId", &iid);
                    o.ks("imageId", &ami);
                    o.ks("currentInstanceBootMode", "legacy-bios");
                    ec2_state(o, "instanceState", 0, "pending");
                    o.ks("privateDnsName", &dns);
                    o.kn("amiLaunchIndex", i);
                    o.kr("productCodes", "{}");
                    o.ks("instanceType", itype);
                    o.kn("launchTime", launch);
                    o.ko("placement");
                    o.ks(
                        "availabilityZone",
                        &format!("{r}{}", ["a", "b", "c"][c.rng.idx(3)]),
                    );
                    o.ks("tenancy", "default");
                    o.c();
                    o.kr("monitoring", "{\"state\":\"disabled\"}");
                    o.ks("subnetId", &subnet);
                    o.ks("vpcId", &vpc);
                    o.ks("privateIpAddress", &ip);
                    o.kr(
                        "stateReason",
                        "{\"code\":\"pending\",\"message\":\"pending\"}",
                    );
                    o.ks("architecture", "x86_64");
                    o.ks("rootDeviceType", "ebs");
                    o.ks("rootDeviceName", "/dev/xvda");
                    o.kr("blockDeviceMapping", "{}");
                    o.ks("virtualizationType", "hvm");
                    o.ko("tagSet");
                    o.ka("items");
                    o.eo();
                    o.ks("key", "Name");
                    o.ks("value", &tname);
                    o.c();
                    o.ca();
                    o.c();
                    o.ks("clientToken", &token);
                    o.ko("groupSet");
                    o.ka("items");
                    o.eo();
                    o.ks("groupId", &sg);
                    o.ks("groupName", &format!("{}-sg", a.env));
                    o.c();
                    o.ca();
                    o.c();
                    o.kb("sourceDestCheck", true);
                    o.ks("hypervisor", "xen");
                    o.ko("networkInterfaceSet");
                    o.ka("items");
                    o.eo();
                    o.ks(
                        "networkInterfaceId",
                        &format!("eni-0{}", hexs(&mut c.rng, 16)),
                    );
                    o.ks("subnetId", &subnet);
                    o.ks("vpcId", &vpc);
                    o.ks("ownerId", aid);
                    o.ks("status", "in-use");
                    o.ks(
                        "macAddress",
                        &format!(
                            "0e:{}:{}:{}:{}:{}",
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2),
                            hexs(&mut c.rng, 2)
                        ),
                    );
                    o.ks("privateIpAddress", &ip);
                    o.ks("privateDnsName", &dns);
                    o.kb("sourceDestCheck", true);
                    o.ks("interfaceType", "interface");
                    o.ko("groupSet");
                    o.ka("items");
                    o.eo();
                    o.ks("groupId", &sg);
                    o.ks("groupName", &format!("{}-sg", a.env));
                    o.c();
                    o.ca();
                    o.c();
                    o.ko("attachment");
                    o.ks(
                        "attachmentId",
                        &format!("eni-attach-0{}", hexs(&mut c.rng, 16)),
                    );
                    o.kn("deviceIndex", 0);
                    o.kn("networkCardIndex", 0);
                    o.ks("status", "attaching");
                    o.kn("attachTime", launch);
                    o.kb("deleteOnTermination", true);
                    o.c();
                    o.ko("privateIpAddressesSet");
                    o.ka("item");
                    o.eo();
                    o.ks("privateIpAddress", &ip);
                    o.ks("privateDnsName", &dns);
                    o.kb("primary", true);
                    o.c();
                    o.ca();
                    o.c();
                    o.kr("ipv6AddressesSet", "{}");
                    o.kr("tagSet", "{}");
                    o.c();
                    o.ca();
                    o.c();
                    o.ko("iamInstanceProfile");
                    o.ks("arn", &profile);
                    o.ks("id", &principal_id(&mut c.rng, "AIPA", &a.tok));
                    o.c();
                    o.kb("ebsOptimized", true);
                    o.kb("enaSupport", true);
                    o.kr("cpuOptions", "{\"coreCount\":2,\"threadsPerCore\":2}");
                    o.kr(
                        "capacityReservationSpecification",
                        "{\"capacityReservationPreference\":\"open\"}",
                    );
                    o.kr("enclaveOptions", "{\"enabled\":false}");
                    o.kr("metadataOptions", "{\"state\":\"pending\",\"httpTokens\":\"required\",\"httpPutResponseHopLimit\":2,\"httpEndpoint\":\"enabled\",\"httpProtocolIpv4\":\"enabled\",\"httpProtocolIpv6\":\"disabled\",\"instanceMetadataTags\":\"disabled\"}");
                    o.kr("maintenanceOptions", "{\"autoRecovery\":\"default\"}");
                    o.kr("privateDnsNameOptions", "{\"hostnameType\":\"ip-name\",\"enableResourceNameDnsARecord\":false,\"enableResourceNameDnsAAAARecord\":false}");
                    o.c();
                }
                o.ca();
                o.c();
                o.c();
            }
        }
        "StartInstances" | "StopInstances" | "TerminateInstances" | "RebootInstances" => {
            let ids: Vec<String> = (0..c.rng.range(1, 3))
                .map(|_| c.pick(&a.instances).to_string())
                .collect();
            let idr: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
            o.ko("requestParameters");
            ec2_items(o, "instancesSet", "instanceId", &idr);
            if name == "StopInstances" {
                o.kb("force", false);
            }
            o.c();
            if err {
                null_resp(o);
            } else if name == "RebootInstances" {
                ok_resp(o, &mut c.rng);
            } else {
                let (cur, prev) = match name {
                    "StartInstances" => ((0, "pending"), (80, "stopped")),
                    "StopInstances" => ((64, "stopping"), (16, "running")),
                    _ => ((32, "shutting-down"), (16, "running")),
                };
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ko("instancesSet");
                o.ka("items");
                for id in &ids {
                    o.eo();
                    o.ks("instanceId", id);
                    ec2_state(o, "currentState", cur.0, cur.1);
                    ec2_state(o, "previousState", prev.0, prev.1);
                    o.c();
                }
                o.ca();
                o.c();
                o.c();
            }
            sc.nf = nf("Client.InvalidInstanceID.NotFound", "instance ID", &ids[0]);
        }
        "CreateTags" => {
            o.ko("requestParameters");
            ec2_items(o, "resourcesSet", "resourceId", &[inst.as_str()]);
            o.ko("tagSet");
            tag_list(o, "items", &mut c.rng, a.env, "key", "value");
            o.c();
            o.c();
            ok_resp(o, &mut c.rng);
        }
        "AuthorizeSecurityGroupIngress"
        | "RevokeSecurityGroupIngress"
        | "AuthorizeSecurityGroupEgress" => {
            let sg = c.pick(&a.sgs).to_string();
            let port = if exfil {
                22
            } else {
                *c.rng.pick(&[443u64, 5432, 6379, 8080, 22])
            };
            let cidr = if exfil || c.rng.pct(10) {
                "0.0.0.0/0".to_string()
            } else {
                format!("10.{}.0.0/16", c.rng.below(255))
            };
            o.ko("requestParameters");
            o.ks("groupId", &sg);
            o.ko("ipPermissions");
            o.ka("items");
            o.eo();
            o.ks("ipProtocol", "tcp");
            o.kn("fromPort", port);
            o.kn("toPort", port);
            o.kr("groups", "{}");
            o.ko("ipRanges");
            o.ka("items");
            o.eo();
            o.ks("cidrIp", &cidr);
            o.ks(
                "description",
                if exfil {
                    "maintenance"
                } else {
                    "managed by terraform"
                },
            );
            o.c();
            o.ca();
            o.c();
            o.kr("ipv6Ranges", "{}");
            o.kr("prefixListIds", "{}");
            o.c();
            o.ca();
            o.c();
            o.c();
            if err || name.starts_with("Revoke") {
                ok_resp(o, &mut c.rng);
            } else {
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.kb("_return", true);
                o.ko("securityGroupRuleSet");
                o.ka("items");
                o.eo();
                o.ks("groupOwnerId", aid);
                o.ks("groupId", &sg);
                o.ks(
                    "securityGroupRuleId",
                    &format!("sgr-0{}", hexs(&mut c.rng, 16)),
                );
                o.kb("isEgress", name.ends_with("Egress"));
                o.ks("ipProtocol", "tcp");
                o.kn("fromPort", port);
                o.kn("toPort", port);
                o.ks("cidrIpv4", &cidr);
                o.c();
                o.ca();
                o.c();
                o.c();
            }
            sc.nf = nf("Client.InvalidGroup.NotFound", "security group", &sg);
        }
        "CreateSnapshot" | "CreateVolume" | "AttachVolume" | "DetachVolume" | "DeleteVolume"
        | "ModifyVolume" => {
            let vol = c.pick(&a.volumes).to_string();
            o.ko("requestParameters");
            match name {
                "CreateVolume" => {
                    o.kn("size", [20, 100, 500][c.rng.idx(3)]);
                    o.ks("zone", &format!("{r}a"));
                    o.ks("volumeType", "gp3");
                    o.kb("encrypted", true);
                }
                _ => {
                    o.ks("volumeId", &vol);
                    if name == "AttachVolume" {
                        o.ks("instanceId", &inst);
                        o.ks("device", "/dev/sdf");
                    } else if name == "CreateSnapshot" {
                        o.ks("description", &format!("{} nightly", a.env));
                    }
                }
            }
            o.c();
            if err || matches!(name, "DeleteVolume" | "ModifyVolume") {
                ok_resp(o, &mut c.rng);
            } else {
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                if name == "CreateSnapshot" {
                    o.ks("snapshotId", &format!("snap-0{}", hexs(&mut c.rng, 16)));
                }
                o.ks("volumeId", &vol);
                if name.ends_with("Volume") && name != "CreateVolume" {
                    o.ks("instanceId", &inst);
                    o.ks("device", "/dev/sdf");
                    o.ks(
                        "status",
                        if name == "AttachVolume" {
                            "attaching"
                        } else {
                            "detaching"
                        },
                    );
                    o.kn("attachTime", c.ms());
                    o.kb("deleteOnTermination", false);
                } else {
                    o.ks(
                        "status",
                        if name == "CreateVolume" {
                            "creating"
                        } else {
                            "pending"
                        },
                    );
                    o.kn(
                        if name == "CreateVolume" {
                            "createTime"
                        } else {
                            "startTime"
                        },
                        c.ms(),
                    );
                    o.ks("progress", "");
                    o.ks("ownerId", aid);
                    o.kn("volumeSize", 100);
                    o.kb("encrypted", true);
                    o.ks("kmsKeyId", &c.kms_arn());
                }
                o.c();
            }
            sc.nf = nf("Client.InvalidVolume.NotFound", "volume", &vol);
        }
        "ModifySnapshotAttribute" | "ModifyImageAttribute" => {
            let who = c.g.ext_accts[c.rng.idx(c.g.ext_accts.len())].clone();
            o.ko("requestParameters");
            if name == "ModifySnapshotAttribute" {
                o.ks("snapshotId", c.pick(&a.snapshots));
                o.ko("createVolumePermission");
            } else {
                o.ks("imageId", c.pick(&a.amis));
                o.ko("launchPermission");
            }
            o.ko("add");
            o.ka("items");
            o.eo();
            o.ks("userId", &who);
            o.c();
            o.ca();
            o.c();
            o.c();
            o.ks(
                "attributeType",
                if name == "ModifySnapshotAttribute" {
                    "CREATE_VOLUME_PERMISSION"
                } else {
                    "launchPermission"
                },
            );
            o.c();
            ok_resp(o, &mut c.rng);
        }
        "CreateKeyPair" | "ImportKeyPair" | "DeleteKeyPair" => {
            let kn = format!(
                "{}-{}",
                if exfil { "backup" } else { a.env },
                rand_str(&mut c.rng, LOWER_ALNUM, 6)
            );
            o.ko("requestParameters");
            o.ks("keyName", &kn);
            if name == "CreateKeyPair" {
                o.ks("keyType", "rsa");
                o.ks("keyFormat", "pem");
            } else if name == "ImportKeyPair" {
                o.ks("publicKeyMaterial", "<sensitiveDataRemoved>");
            }
            o.c();
            if err || name == "DeleteKeyPair" {
                ok_resp(o, &mut c.rng);
            } else {
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ks("keyName", &kn);
                let fp: Vec<String> = (0..20).map(|_| hexs(&mut c.rng, 2)).collect();
                o.ks("keyFingerprint", &fp.join(":"));
                o.ks("keyPairId", &format!("key-0{}", hexs(&mut c.rng, 16)));
                if name == "CreateKeyPair" {
                    o.ks("keyMaterial", "<sensitiveDataRemoved>");
                }
                o.c();
            }
        }
        "CreateNetworkInterface" => {
            let subnet = c.pick(&a.subnets).to_string();
            let sg = c.pick(&a.sgs).to_string();
            let f = c.pool("lambda");
            o.ko("requestParameters");
            o.ks("subnetId", &subnet);
            o.ks(
                "description",
                &format!("AWS Lambda VPC ENI-{f}-{}", uuid(&mut c.rng)),
            );
            ec2_items(o, "groupSet", "groupId", &[sg.as_str()]);
            o.kr("privateIpAddressesSet", "{}");
            o.kr("ipv6AddressCount", "0");
            o.c();
            if err {
                null_resp(o);
            } else {
                let ip = format!("10.0.{}.{}", c.rng.below(64), c.rng.range(4, 250));
                o.ko("responseElements");
                o.ks("requestId", &uuid(&mut c.rng));
                o.ko("networkInterface");
                o.ks(
                    "networkInterfaceId",
                    &format!("eni-0{}", hexs(&mut c.rng, 16)),
                );
                o.ks("subnetId", &subnet);
                o.ks("vpcId", &a.vpc);
                o.ks("availabilityZone", &format!("{r}a"));
                o.ks("ownerId", aid);
                o.ks(
                    "requesterId",
                    &format!("{}:{f}", principal_id(&mut c.rng, "AROA", &a.tok)),
                );
                o.kb("requesterManaged", false);
                o.ks("status", "pending");
                o.ks("privateIpAddress", &ip);
                o.kb("sourceDestCheck", true);
                o.ks("interfaceType", "lambda");
                o.c();
                o.c();
            }
        }
        "GetPasswordData" | "GetConsoleOutput" | "GetConsoleScreenshot" => {
            o.ko("requestParameters");
            o.ks("instanceId", &inst);
            o.c();
            null_resp(o);
        }
        "ModifyInstanceAttribute" => {
            o.ko("requestParameters");
            o.ks("instanceId", &inst);
            match c.rng.below(3) {
                0 => o.kr("userData", "{\"value\":\"<sensitiveDataRemoved>\"}"),
                1 => o.kr(
                    "instanceType",
                    &format!("{{\"value\":\"{}\"}}", c.rng.word(&INSTANCE_TYPES)),
                ),
                _ => o.kr("disableApiTermination", "{\"value\":false}"),
            }
            o.c();
            ok_resp(o, &mut c.rng);
        }
        _ => {
            o.ko("requestParameters");
            if name.contains("Snapshot") {
                o.ks("snapshotId", c.pick(&a.snapshots));
            } else if name.contains("Image") {
                o.ks("imageId", c.pick(&a.amis));
                if name == "CreateImage" {
                    o.ks("instanceId", &inst);
                    o.ks(
                        "name",
                        &format!("{}-golden-{}", a.env, c.rng.range(100, 999)),
                    );
                    o.kb("noReboot", true);
                }
            } else if name.contains("SecurityGroup") {
                o.ks("groupName", &format!("{}-{}-sg", a.env, c.rng.word(&APPS)));
                o.ks("groupDescription", "Managed by Terraform");
                o.ks("vpcId", &a.vpc);
            } else if name.contains("Address") {
                o.ks(
                    "allocationId",
                    &format!("eipalloc-0{}", hexs(&mut c.rng, 16)),
                );
                if name == "AssociateAddress" {
                    o.ks("instanceId", &inst);
                }
            } else if name.contains("FlowLogs") {
                o.ko("resourceIdSet");
                o.ka("item");
                o.es(&a.vpc);
                o.ca();
                o.c();
                o.ks("trafficType", "ALL");
                o.ks("logDestinationType", "s3");
            } else if name.contains("Subnet") || name.contains("Route") {
                o.ks("vpcId", &a.vpc);
                o.ks("cidrBlock", &format!("10.0.{}.0/24", c.rng.below(255)));
            } else if name == "CreateVpc" {
                o.ks("cidrBlock", "10.1.0.0/16");
            } else if name.contains("EbsEncryption") {
                // no parameters
            } else if name.contains("LaunchTemplate") {
                o.ks("launchTemplateId", &format!("lt-0{}", hexs(&mut c.rng, 16)));
                o.ko("launchTemplateData");
                o.ks("imageId", c.pick(&a.amis));
                let it = c.rng.word(&INSTANCE_TYPES);
                o.ks("instanceType", it);
                o.c();
            } else if name.contains("NetworkInterface") {
                o.ks(
                    "networkInterfaceId",
                    &format!("eni-0{}", hexs(&mut c.rng, 16)),
                );
            } else {
                o.ks("instanceId", &inst);
                if name == "ModifyInstanceMetadataOptions" {
                    o.ks("httpTokens", "required");
                    o.kn("httpPutResponseHopLimit", 2);
                }
            }
            o.c();
            ok_resp(o, &mut c.rng);
        }
    }
}
