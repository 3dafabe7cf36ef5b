//! DNS checks against a real DNS server on 127.0.0.1 (a small responder built with
//! hickory-proto), over UDP and, for a truncated answer, TCP.

use std::net::{Ipv4Addr, SocketAddr};

use chrono::Utc;
use hickory_proto::op::{Message, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, MX, TXT};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use lookout_core::i18n::{word_in, Lang};
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};

/// The answer to a query, by name: (rcode, records), or `None` to stay silent.
fn answer(q: &Message, over_tcp: bool) -> Option<Message> {
    let query = q.queries.first()?.clone();
    let name = query.name().to_ascii();
    let mut resp = Message::response(q.metadata.id, OpCode::Query);
    resp.add_query(query.clone());
    let rec = |data: RData| Record::from_rdata(query.name().clone(), 60, data);
    let qt = query.query_type();
    match name.as_str() {
        "ok.test." if qt == RecordType::A => {
            resp.answers
                .push(rec(RData::A(A(Ipv4Addr::new(127, 0, 0, 1)))));
            resp.answers
                .push(rec(RData::A(A(Ipv4Addr::new(127, 0, 0, 2)))));
        }
        "mail.test." if qt == RecordType::MX => {
            let mx = Name::from_ascii("mx1.mail.test.").unwrap();
            resp.answers.push(rec(RData::MX(MX::new(10, mx))));
        }
        "txt.test." if qt == RecordType::TXT => {
            resp.answers
                .push(rec(RData::TXT(TXT::new(vec!["v=spf1 -all".into()]))));
        }
        "big.test." if !over_tcp => resp.metadata.truncation = true,
        "big.test." => {
            for i in 1..=60 {
                resp.answers
                    .push(rec(RData::A(A(Ipv4Addr::new(127, 0, 1, i)))));
            }
        }
        "missing.test." => resp.metadata.response_code = ResponseCode::NXDomain,
        "broken.test." => resp.metadata.response_code = ResponseCode::ServFail,
        "silent.test." => return None,
        _ => {}
    }
    Some(resp)
}

/// A DNS server on 127.0.0.1, UDP and TCP on the same port.
async fn dns_server() -> SocketAddr {
    let (udp, tcp) = loop {
        let udp = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = udp.local_addr().unwrap();
        if let Ok(tcp) = TcpListener::bind(addr).await {
            break (udp, tcp);
        }
    };
    let addr = udp.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = vec![0u8; 4096];
        loop {
            let Ok((n, from)) = udp.recv_from(&mut buf).await else {
                continue;
            };
            let Ok(q) = Message::from_vec(&buf[..n]) else {
                continue;
            };
            if let Some(resp) = answer(&q, false) {
                let _ = udp.send_to(&resp.to_vec().unwrap(), from).await;
            }
        }
    });
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = tcp.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let mut len = [0u8; 2];
                if s.read_exact(&mut len).await.is_err() {
                    return;
                }
                let mut buf = vec![0u8; u16::from_be_bytes(len).into()];
                if s.read_exact(&mut buf).await.is_err() {
                    return;
                }
                let q = Message::from_vec(&buf).unwrap();
                if let Some(resp) = answer(&q, true) {
                    let bytes = resp.to_vec().unwrap();
                    let _ = s.write_all(&(bytes.len() as u16).to_be_bytes()).await;
                    let _ = s.write_all(&bytes).await;
                }
            });
        }
    });
    addr
}

fn spec(target: String) -> MonitorSpec {
    MonitorSpec {
        name: "t".into(),
        target,
        timeout: Some("1s".into()),
        ..Default::default()
    }
}

async fn check(spec: MonitorSpec) -> CheckResult {
    let m = Monitor::try_from(spec).expect("valid monitor");
    Prober::new()
        .unwrap()
        .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await
}

#[tokio::test]
async fn a_records_are_up_with_the_answers_in_details() {
    let srv = dns_server().await;
    let r = check(spec(format!("dns://{srv}/ok.test?type=A"))).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(
        r.details["answers"],
        serde_json::json!(["127.0.0.1", "127.0.0.2"])
    );
    assert_eq!(r.details["rcode"], "NOERROR");
    // The JSON `check --json` prints carries the answers.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["details"]["answers"][1], "127.0.0.2");
}

#[tokio::test]
async fn expected_values_any_and_all() {
    let srv = dns_server().await;
    let mut s = spec(format!("dns://{srv}/ok.test"));
    s.expected = Some(vec!["127.0.0.2".into(), "10.0.0.1".into()]);
    assert_eq!(check(s.clone()).await.status, Status::Up);
    s.match_mode = Some("all".into());
    let r = check(s.clone()).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(
        r.reason,
        "10.0.0.1 not in the answers (127.0.0.1, 127.0.0.2)"
    );
    s.expected = Some(vec!["127.0.0.1".into(), "127.0.0.2".into()]);
    assert_eq!(check(s).await.status, Status::Up);
}

#[tokio::test]
async fn mx_and_txt() {
    let srv = dns_server().await;
    let mut s = spec(format!("dns://{srv}/mail.test?type=MX"));
    s.expected = Some(vec!["mx1.mail.test".into()]);
    let r = check(s).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(
        r.details["answers"],
        serde_json::json!(["10 mx1.mail.test"])
    );
    let r = check(spec(format!("dns://{srv}/txt.test?type=TXT"))).await;
    assert_eq!(r.details["answers"], serde_json::json!(["v=spf1 -all"]));
}

#[tokio::test]
async fn nxdomain_servfail_and_empty_answers_are_down_with_the_rcode() {
    let srv = dns_server().await;
    let r = check(spec(format!("dns://{srv}/missing.test"))).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "NXDOMAIN for missing.test A");
    let r = check(spec(format!("dns://{srv}/broken.test?type=AAAA"))).await;
    assert_eq!(r.reason, "SERVFAIL for broken.test AAAA");
    assert_eq!(r.details["rcode"], "SERVFAIL");
    let r = check(spec(format!("dns://{srv}/nothing.test"))).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "no A records for nothing.test (NOERROR)");
}

#[tokio::test]
async fn silence_times_out() {
    let srv = dns_server().await;
    let r = check(spec(format!("dns://{srv}/silent.test"))).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "timed out after 1s");
}

#[tokio::test]
async fn truncated_answer_is_retried_over_tcp() {
    let srv = dns_server().await;
    let r = check(spec(format!("dns://{srv}/big.test"))).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(r.details["answers"].as_array().unwrap().len(), 60);
}

#[tokio::test]
async fn rcode_and_body_conditions() {
    let srv = dns_server().await;
    let mut s = spec(format!("dns://{srv}/missing.test"));
    s.conditions = Some(vec!["[DNS_RCODE] == NOERROR".into()]);
    let r = check(s).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(
        r.reason,
        "NXDOMAIN for missing.test A; [DNS_RCODE] (NXDOMAIN) == NOERROR"
    );
    let mut s = spec(format!("dns://{srv}/mail.test?type=MX"));
    s.conditions = Some(vec!["[BODY] == pat(*mx1*)".into()]);
    assert_eq!(check(s).await.status, Status::Up);
}

/// A reason as a reader of Chinese reads it.
fn zh(reason: &str) -> String {
    word_in(Lang::ZhCn, reason).into_owned()
}

// Stored and printed reasons stay English; a reader of Chinese reads them in Chinese, names,
// codes and answers as they were.
#[tokio::test]
async fn dns_reasons_stay_english_and_read_in_chinese() {
    let srv = dns_server().await;
    let mut s = spec(format!("dns://{srv}/missing.test"));
    s.conditions = Some(vec!["[DNS_RCODE] == NOERROR".into()]);
    let r = check(s).await;
    assert_eq!(
        r.reason,
        "NXDOMAIN for missing.test A; [DNS_RCODE] (NXDOMAIN) == NOERROR"
    );
    assert_eq!(
        zh(&r.reason),
        "missing.test 的 A 记录查询返回 NXDOMAIN；[DNS_RCODE] (NXDOMAIN) == NOERROR"
    );
    let r = check(spec(format!("dns://{srv}/broken.test?type=AAAA"))).await;
    assert_eq!(zh(&r.reason), "broken.test 的 AAAA 记录查询返回 SERVFAIL");
    let r = check(spec(format!("dns://{srv}/nothing.test?type=MX"))).await;
    assert_eq!(r.reason, "no MX records for nothing.test (NOERROR)");
    assert_eq!(zh(&r.reason), "nothing.test 没有 MX 记录（NOERROR）");

    let mut s = spec(format!("dns://{srv}/ok.test"));
    s.expected = Some(vec!["127.0.0.2".into(), "10.0.0.1".into()]);
    s.match_mode = Some("all".into());
    let r = check(s.clone()).await;
    assert_eq!(zh(&r.reason), "应答（127.0.0.1, 127.0.0.2）中缺少 10.0.0.1");
    s.expected = Some(vec!["10.0.0.1".into()]);
    s.match_mode = None;
    let r = check(s).await;
    assert_eq!(
        r.reason,
        "none of the expected values (10.0.0.1) in the answers (127.0.0.1, 127.0.0.2)"
    );
    assert_eq!(
        zh(&r.reason),
        "应答（127.0.0.1, 127.0.0.2）中没有任何预期值（10.0.0.1）"
    );

    let r = check(spec(format!("dns://{srv}/silent.test"))).await;
    assert_eq!(zh(&r.reason), "等待1秒后超时");
}

#[test]
fn dns_spec_validation_and_round_trip() {
    let mut s = spec("dns://127.0.0.1/ok.test?type=SRV".into());
    s.match_mode = Some("some".into());
    let e = Monitor::try_from(s).unwrap_err();
    assert_eq!(e.errors[0].field, "target");
    let mut s = spec("dns:///ok.test?type=A".into());
    s.match_mode = Some("most".into());
    let e = Monitor::try_from(s).unwrap_err();
    assert_eq!(e.errors[0].field, "match");
    let mut s = spec("dns:ok.test?type=AAAA".into());
    s.expected = Some(vec!["::1".into()]);
    s.match_mode = Some("all".into());
    let m = Monitor::try_from(s).unwrap();
    assert_eq!(m.probe.kind(), "dns");
    let back = MonitorSpec::from(&m);
    assert_eq!(back.expected, Some(vec!["::1".to_string()]));
    assert_eq!(back.match_mode.as_deref(), Some("all"));
    let json = serde_json::to_string(&back).unwrap();
    assert!(json.contains("\"match\":\"all\""), "{json}");
    assert_eq!(
        Monitor::try_from(serde_json::from_str::<MonitorSpec>(&json).unwrap()).unwrap(),
        m
    );
}
