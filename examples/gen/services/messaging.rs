//! Amazon SQS and SNS.

use crate::event::{add_res, null_resp, Ctx, Scratch};
use crate::json::Js;
use crate::rng::{hexs, rand_str, uuid, B64};

pub fn msg_body(c: &mut Ctx, sc: &mut Scratch) {
    let name = c.e.name;
    let err = c.failed();
    let sqs = c.svc() == "sqs";
    let q = c.pool(if sqs { "sqs" } else { "sns" });
    let arn = c.arn(if sqs { "sqs" } else { "sns" }, q);
    let url = format!("https://sqs.{}.amazonaws.com/{}/{q}", c.r(), c.aid());
    sc.x = q.to_string();
    sc.arn = arn.clone();
    let o = &mut sc.body;
    if matches!(name, "ListQueues" | "ListTopics" | "ListSubscriptions") {
        if c.rng.pct(50) {
            o.kr("requestParameters", "null");
        } else {
            o.ko("requestParameters");
            if sqs {
                o.ks("queueNamePrefix", c.a.env);
            } else {
                o.ks("nextToken", &rand_str(&mut c.rng, B64, 40));
            }
            o.c();
        }
        null_resp(o);
        return;
    }
    o.ko("requestParameters");
    if sqs {
        if matches!(name, "CreateQueue" | "GetQueueUrl") {
            o.ks("queueName", q);
        } else {
            o.ks("queueUrl", &url);
        }
    } else if name == "CreateTopic" {
        o.ks("name", q);
    } else {
        o.ks("topicArn", &arn);
    }
    match name {
        "SendMessage" => {
            o.ks("messageBody", "HIDDEN_DUE_TO_SECURITY_REASONS");
            if c.rng.pct(40) {
                o.kr("messageAttributes", "\"HIDDEN_DUE_TO_SECURITY_REASONS\"");
            }
            o.kn("delaySeconds", 0);
        }
        "SendMessageBatch" => {
            o.ka("entries");
            for i in 0..c.rng.range(2, 10) {
                o.eo();
                o.ks("id", &i.to_string());
                o.ks("messageBody", "HIDDEN_DUE_TO_SECURITY_REASONS");
                o.c();
            }
            o.ca();
        }
        "ReceiveMessage" => {
            o.kn("maxNumberOfMessages", 10);
            o.kn("waitTimeSeconds", 20);
            o.kr("attributeNames", "[\"All\"]");
            o.kr("messageAttributeNames", "[\"All\"]");
        }
        "DeleteMessage" | "ChangeMessageVisibility" => {
            o.ks("receiptHandle", "HIDDEN_DUE_TO_SECURITY_REASONS");
            if name == "ChangeMessageVisibility" {
                o.kn("visibilityTimeout", 30);
            }
        }
        "GetQueueAttributes" if sqs => o.kr("attributeNames", "[\"All\"]"),
        "SetQueueAttributes" => o.kr(
            "attributes",
            "{\"VisibilityTimeout\":\"60\",\"MessageRetentionPeriod\":\"1209600\"}",
        ),
        "SetTopicAttributes" => {
            o.ks("attributeName", "Policy");
            let p = c.policy(false, false);
            o.ks("attributeValue", &p);
        }
        "Publish" => {
            o.ks("message", "HIDDEN_DUE_TO_SECURITY_REASONS");
            if c.rng.pct(30) {
                o.ks("subject", "HIDDEN_DUE_TO_SECURITY_REASONS");
            }
        }
        "Subscribe" => {
            o.ks("protocol", "sqs");
            o.ks("endpoint", &c.arn("sqs", &format!("{}-fanout", c.a.env)));
            o.kb("returnSubscriptionArn", true);
        }
        _ => {}
    }
    o.c();
    if err {
        null_resp(o);
    } else {
        match name {
            "SendMessage" => {
                o.ko("responseElements");
                o.ks("mD5OfMessageBody", &hexs(&mut c.rng, 32));
                o.ks("messageId", &uuid(&mut c.rng));
                o.c();
            }
            "SendMessageBatch" => {
                o.ko("responseElements");
                o.ka("successful");
                for i in 0..c.rng.range(2, 6) {
                    o.eo();
                    o.ks("id", &i.to_string());
                    o.ks("messageId", &uuid(&mut c.rng));
                    o.ks("mD5OfMessageBody", &hexs(&mut c.rng, 32));
                    o.c();
                }
                o.ca();
                o.kr("failed", "[]");
                o.c();
            }
            "Publish" => {
                o.ko("responseElements");
                o.ks("messageId", &uuid(&mut c.rng));
                o.c();
            }
            "CreateQueue" => {
                o.ko("responseElements");
                o.ks("queueUrl", &url);
                o.c();
            }
            "CreateTopic" => {
                o.ko("responseElements");
                o.ks("topicArn", &arn);
                o.c();
            }
            "Subscribe" => {
                o.ko("responseElements");
                o.ks("subscriptionArn", &format!("{arn}:{}", uuid(&mut c.rng)));
                o.c();
            }
            _ => null_resp(o),
        }
    }
    if c.e.data {
        add_res(
            &mut sc.res,
            if sqs {
                "AWS::SQS::Queue"
            } else {
                "AWS::SNS::Topic"
            },
            &arn,
            Some(c.aid()),
        );
    }
}
