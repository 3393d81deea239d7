//! `cargo xtask soak [--seconds N] [--clients N]`: the sandbox under load and under
//! attack, on loopback, for a bounded time (60 s unless told).
//!
//! Builds the sandbox (`server` profile) and starts it on a fresh database in
//! `target/soak/`, then runs N clients (50 unless told), each a thread with its own
//! kept-alive HTTP/1.1 connection and its own SlashID organization, InstaVM user and
//! Droplit token, going round every call of the three APIs (a webhook's whole life, with
//! triggers, test events, deliveries, replays, signing-secret rotation...) and, between
//! rounds, a hostile body (1 MiB and over, 100,000 levels of nesting, 100,000 keys, invalid
//! UTF-8, numbers of 100,000 digits) to a route of each API. One more thread asks
//! `/healthz` every 50 ms. Each answer's status is checked against the ones the call may
//! have; the rate limits are raised, since this measures load, not the limits.
//!
//! Prints requests served, transport errors, unexpected statuses, 5xx, and p50/p99 latency
//! per API and for `/healthz`; fails when the target is missed: no unexpected status, no
//! 5xx, no transport error, `/healthz` p99 under 100 ms. Not a test (`cargo xtask test`
//! does not run it): its figures depend on the machine.
//!
//! The HTTP client is a minimal HTTP/1.1 one over `std::net::TcpStream` (xtask keeps its
//! dependencies few), and response bodies are searched for the ids they carry rather than
//! parsed.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};
use std::{fs, thread};

use crate::build;
use crate::util::{Result, target_dir};

const HEALTHZ_P99_TARGET: Duration = Duration::from_millis(100);

struct Flags {
    seconds: u64,
    clients: usize,
}

fn parse(args: &[String]) -> Result<Flags> {
    let mut flags = Flags {
        seconds: 60,
        clients: 50,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<u64> {
            let text = args.next().ok_or(format!("{name} needs a number"))?;
            let n: u64 = text
                .parse()
                .map_err(|_| format!("{name}: `{text}` is not a number"))?;
            if n == 0 {
                return Err(format!("{name} must be at least 1").into());
            }
            Ok(n)
        };
        match arg.as_str() {
            "--seconds" => flags.seconds = value("--seconds")?.min(3600),
            "--clients" => flags.clients = value("--clients")?.min(500) as usize,
            other => return Err(format!("unexpected argument `{other}`").into()),
        }
    }
    Ok(flags)
}

pub fn run(args: &[String]) -> Result {
    let flags = parse(args)?;
    build::sandbox()?;
    let dir = target_dir().join("soak");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    let (mut sandbox, addr) = start_sandbox(&dir, flags.clients)?;
    println!(
        "soak: {} clients for {} s against http://{addr} (commit {})",
        flags.clients,
        flags.seconds,
        commit()
    );
    crate::util::flush();
    let mut report = soak(&addr, &flags);
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    report.print();
    report.verdict()
}

fn commit() -> String {
    crate::util::Cmd::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .read()
        .unwrap_or_else(|| "unknown".to_owned())
}

// ---------------------------------------------------------------------------------------
// The sandbox

fn org(i: usize) -> (String, String) {
    (format!("soak-org-{i}"), format!("soak-slashid-key-{i}"))
}

fn instavm_key(i: usize) -> String {
    format!("soak-instavm-key-{i}")
}

fn droplit_token(i: usize) -> (String, String) {
    (format!("soak-droplit-token-{i}"), format!("Csoak{i:04}"))
}

fn start_sandbox(dir: &std::path::Path, clients: usize) -> Result<(Child, String)> {
    let mut cmd = Command::new(build::sandbox_bin());
    cmd.args(["--listen", "127.0.0.1:0", "--db"])
        .arg(dir.join("sandbox.db"))
        // Load, not the documented rate limits, is measured.
        .args(["--jwks-per-minute", "1000000", "--jwks-burst", "1000000"])
        .args(["--test-events-per-minute", "1000000"])
        .args(["--test-events-burst", "1000000"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for i in 0..clients {
        let (id, key) = org(i);
        let (token, ecosystem) = droplit_token(i);
        cmd.arg("--org")
            .arg(format!("{id}:{key}"))
            .arg("--instavm-key")
            .arg(instavm_key(i))
            .arg("--droplit-token")
            .arg(format!("{token}:{ecosystem}"));
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", build::sandbox_bin().display()))?;
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("listening on http://") {
                let _ = tx.send(addr.to_owned());
            }
        }
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(addr) => Ok((child, addr)),
        Err(_) => {
            let _ = child.kill();
            Err("the sandbox did not print `listening on` within 60 s".into())
        }
    }
}

// ---------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client

struct Conn {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
}

struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Conn {
    fn new(addr: &str) -> Conn {
        Conn {
            addr: addr.to_owned(),
            stream: None,
        }
    }

    fn connect(&self) -> std::io::Result<BufReader<TcpStream>> {
        let stream = TcpStream::connect(&self.addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.set_write_timeout(Some(Duration::from_secs(30)))?;
        Ok(BufReader::new(stream))
    }

    /// One request. A kept-alive connection the server closed meanwhile is opened again
    /// and the request sent once more, as browsers do; only when nothing of an answer
    /// came back.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> std::io::Result<Answer> {
        let reused = self.stream.is_some();
        match self.try_send(method, path, headers, body) {
            Err(e) if reused && e.kind() == std::io::ErrorKind::ConnectionAborted => {
                self.stream = None;
                self.try_send(method, path, headers, body)
            }
            other => other,
        }
    }

    fn try_send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> std::io::Result<Answer> {
        if self.stream.is_none() {
            self.stream = Some(self.connect()?);
        }
        let stream = self.stream.as_mut().expect("connected");
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = body {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        out.extend_from_slice(body.unwrap_or_default());
        let aborted =
            |e: std::io::Error| std::io::Error::new(std::io::ErrorKind::ConnectionAborted, e);
        stream.get_mut().write_all(&out).map_err(aborted)?;
        let result = read_answer(stream);
        match result {
            Ok((answer, keep)) => {
                if !keep {
                    self.stream = None;
                }
                Ok(answer)
            }
            Err(e) => {
                self.stream = None;
                Err(e)
            }
        }
    }
}

/// Reads one answer; says whether the connection stays open.
fn read_answer(stream: &mut BufReader<TcpStream>) -> std::io::Result<(Answer, bool)> {
    let mut line = String::new();
    if stream.read_line(&mut line)? == 0 {
        // Closed before a byte of the answer: the request was not read.
        return Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "closed before an answer",
        ));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not a status line: {line:?}")))?;
    let mut length = None;
    let mut chunked = false;
    let mut keep = true;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "connection" => keep = !value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(std::io::Error::other)?;
            if size == 0 {
                line.clear();
                stream.read_line(&mut line)?;
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            stream.read_exact(&mut body[start..])?;
            line.clear();
            stream.read_line(&mut line)?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        stream.read_exact(&mut body)?;
    } else if status != 204 && status != 304 && !(100..200).contains(&status) {
        stream.read_to_end(&mut body)?;
        keep = false;
    }
    Ok((Answer { status, body }, keep))
}

/// The first `"key":"value"` string value in a JSON text.
fn json_str(body: &[u8], key: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let needle = format!("\"{key}\":\"");
    let start = text.find(&needle)? + needle.len();
    let end = text[start..].find('"')?;
    Some(text[start..start + end].to_owned())
}

// ---------------------------------------------------------------------------------------
// The load

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Api {
    SlashId,
    InstaVm,
    Droplit,
    Hostile,
}

impl Api {
    fn name(self) -> &'static str {
        match self {
            Api::SlashId => "SlashID",
            Api::InstaVm => "InstaVM",
            Api::Droplit => "Droplit",
            Api::Hostile => "hostile bodies",
        }
    }
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    served: u64,
    errors: u64,
    unexpected: u64,
    server_errors: u64,
    /// A few unexpected answers, to say what went wrong.
    samples: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        self.served += other.served;
        self.errors += other.errors;
        self.unexpected += other.unexpected;
        self.server_errors += other.server_errors;
        for s in other.samples {
            if self.samples.len() < 5 {
                self.samples.push(s);
            }
        }
    }
}

/// One client: a connection, its credentials and what it counted.
struct Client {
    conn: Conn,
    index: usize,
    tallies: BTreeMap<Api, Tally>,
    round: u64,
}

struct Call<'a> {
    api: Api,
    method: &'a str,
    path: String,
    headers: Vec<(&'a str, String)>,
    body: Option<Arc<Vec<u8>>>,
    expect: &'a [u16],
    what: &'a str,
}

impl Client {
    fn call(&mut self, call: Call<'_>) -> Option<Vec<u8>> {
        let mut headers: Vec<(&str, &str)> =
            call.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        if call.body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        let started = Instant::now();
        let answer = self.conn.send(
            call.method,
            &call.path,
            &headers,
            call.body.as_deref().map(Vec::as_slice),
        );
        let elapsed = started.elapsed();
        let tally = self.tallies.entry(call.api).or_default();
        match answer {
            Err(e) => {
                tally.errors += 1;
                if tally.samples.len() < 5 {
                    tally.samples.push(format!("{}: {e}", call.what));
                }
                None
            }
            Ok(answer) => {
                tally.served += 1;
                tally
                    .latencies_us
                    .push(elapsed.as_micros().min(u128::from(u32::MAX)) as u32);
                if answer.status >= 500 {
                    tally.server_errors += 1;
                }
                if call.expect.contains(&answer.status) {
                    Some(answer.body)
                } else {
                    tally.unexpected += 1;
                    if tally.samples.len() < 5 {
                        let text = String::from_utf8_lossy(&answer.body);
                        tally.samples.push(format!(
                            "{}: {} {}",
                            call.what,
                            answer.status,
                            &text[..text.len().min(200)]
                        ));
                    }
                    None
                }
            }
        }
    }

    fn json(s: String) -> Option<Arc<Vec<u8>>> {
        Some(Arc::new(s.into_bytes()))
    }

    fn slashid(&mut self) {
        let (org_id, key) = org(self.index);
        let auth = || {
            vec![
                ("SlashID-API-Key", key.clone()),
                ("SlashID-OrgID", org_id.clone()),
            ]
        };
        let call = |method, path: String, body, expect, what| Call {
            api: Api::SlashId,
            method,
            path,
            headers: auth(),
            body,
            expect,
            what,
        };
        let target = format!("https://example.com/soak/{}/{}", self.index, self.round);
        let Some(created) = self.call(call(
            "POST",
            "/organizations/webhooks".into(),
            Self::json(format!(
                r#"{{"name":"soak","target_url":"{target}","custom_headers":{{"Authorization":["Bearer soak"]}},"timeout":"5s"}}"#
            )),
            &[201],
            "SlashID create",
        )) else {
            return;
        };
        let Some(id) = json_str(&created, "id") else {
            return;
        };
        let hook = format!("/organizations/webhooks/{id}");
        self.call(call("GET", hook.clone(), None, &[200], "SlashID get"));
        self.call(call(
            "PATCH",
            hook.clone(),
            Self::json(r#"{"description":"patched","timeout":"2s"}"#.into()),
            &[200],
            "SlashID patch",
        ));
        self.call(call(
            "POST",
            format!("{hook}/triggers"),
            Self::json(r#"{"trigger_type":"event","trigger_name":"PersonCreated_v1"}"#.into()),
            &[201],
            "SlashID add trigger",
        ));
        self.call(call(
            "GET",
            format!("{hook}/triggers"),
            None,
            &[200],
            "SlashID triggers",
        ));
        self.call(call(
            "GET",
            "/organizations/webhooks".into(),
            None,
            &[200],
            "SlashID list",
        ));
        self.call(call(
            "POST",
            "/test-events".into(),
            Self::json(
                r#"[{"event_name":"PersonCreated_v1","count":3},{"event_name":"AuthenticationFailed_v1"}]"#
                    .into(),
            ),
            &[201],
            "SlashID test events",
        ));
        self.call(call(
            "GET",
            format!("/sandbox/deliveries?webhook_id={id}&limit=10"),
            None,
            &[200],
            "SlashID deliveries",
        ));
        self.call(call(
            "GET",
            "/organizations/webhooks/verification-jwks".into(),
            None,
            &[200],
            "SlashID JWKS",
        ));
        self.call(call(
            "DELETE",
            format!("{hook}/triggers?trigger_type=event&trigger_name=PersonCreated_v1"),
            None,
            &[204],
            "SlashID delete trigger",
        ));
        self.call(call("DELETE", hook, None, &[204], "SlashID delete"));
    }

    fn instavm(&mut self) {
        let key = instavm_key(self.index);
        let call = |method, path: String, body, expect, what| Call {
            api: Api::InstaVm,
            method,
            path,
            headers: vec![("X-API-Key", key.clone())],
            body,
            expect,
            what,
        };
        let Some(created) = self.call(call(
            "POST",
            "/v1/webhooks/endpoints".into(),
            Self::json(format!(
                r#"{{"url":"https://example.com/soak/{}","event_patterns":["vm.*"],"timeout_seconds":5}}"#,
                self.round
            )),
            &[200],
            "InstaVM create",
        )) else {
            return;
        };
        let Some(id) = json_str(&created, "id") else {
            return;
        };
        let endpoint = format!("/v1/webhooks/endpoints/{id}");
        self.call(call("GET", endpoint.clone(), None, &[200], "InstaVM get"));
        self.call(call(
            "GET",
            "/v1/webhooks/endpoints".into(),
            None,
            &[200],
            "InstaVM list",
        ));
        self.call(call(
            "PATCH",
            endpoint.clone(),
            Self::json(r#"{"description":"patched","max_retries":3}"#.into()),
            &[200],
            "InstaVM patch",
        ));
        self.call(call(
            "POST",
            format!("{endpoint}/test"),
            None,
            &[200],
            "InstaVM test",
        ));
        self.call(call(
            "POST",
            format!("{endpoint}/verify"),
            None,
            &[200],
            "InstaVM verify",
        ));
        self.call(call(
            "POST",
            format!("{endpoint}/rotate-secret"),
            None,
            &[200],
            "InstaVM rotate",
        ));
        self.call(call(
            "POST",
            "/sandbox/instavm/events".into(),
            Self::json(r#"{"event_type":"vm.created","data":{"vm_id":"vm_1"}}"#.into()),
            &[200],
            "InstaVM event",
        ));
        let page = self.call(call(
            "GET",
            format!("/v1/webhooks/deliveries?endpoint_id={id}&limit=5"),
            None,
            &[200],
            "InstaVM deliveries",
        ));
        if let Some(delivery) = page.and_then(|p| json_str(&p, "id")) {
            self.call(call(
                "POST",
                format!("/v1/webhooks/deliveries/{delivery}/replay"),
                None,
                &[200],
                "InstaVM replay",
            ));
            self.call(call(
                "GET",
                format!("/sandbox/instavm/deliveries/{delivery}"),
                None,
                &[200],
                "InstaVM recorded",
            ));
        }
        self.call(call("DELETE", endpoint, None, &[200], "InstaVM delete"));
    }

    fn droplit(&mut self) {
        let (token, ecosystem) = droplit_token(self.index);
        let call = |method, path: String, body, expect, what| Call {
            api: Api::Droplit,
            method,
            path,
            headers: vec![("authorization", token.clone())],
            body,
            expect,
            what,
        };
        let Some(created) = self.call(call(
            "POST",
            "/api/webhooks".into(),
            Self::json(format!(
                r#"{{"ecosystemId":"{ecosystem}","url":"https://example.com/soak","secret":"s3cret","description":"soak"}}"#
            )),
            &[201],
            "Droplit create",
        )) else {
            return;
        };
        let Some(id) = json_str(&created, "id") else {
            return;
        };
        let hook = format!("/api/webhooks/{id}");
        self.call(call("GET", hook.clone(), None, &[200], "Droplit get"));
        self.call(call(
            "GET",
            format!("/api/webhooks?ecosystemId={ecosystem}"),
            None,
            &[200],
            "Droplit list",
        ));
        self.call(call(
            "PUT",
            hook.clone(),
            Self::json(r#"{"description":"patched","url":"https://example.org/soak"}"#.into()),
            &[200],
            "Droplit update",
        ));
        self.call(call(
            "POST",
            format!("{hook}/invoke"),
            None,
            &[200],
            "Droplit invoke",
        ));
        let page = self.call(call(
            "GET",
            format!("/sandbox/droplit/deliveries?webhookId={id}&limit=5"),
            None,
            &[200],
            "Droplit deliveries",
        ));
        if let Some(delivery) = page.and_then(|p| json_str(&p, "delivery_id")) {
            self.call(call(
                "GET",
                format!("/sandbox/droplit/deliveries/{delivery}"),
                None,
                &[200],
                "Droplit delivery",
            ));
        }
        self.call(call("DELETE", hook, None, &[200], "Droplit delete"));
    }

    fn hostile(&mut self, bodies: &[(&'static str, Arc<Vec<u8>>)]) {
        let (name, body) = &bodies[(self.round as usize + self.index) % bodies.len()];
        let (org_id, key) = org(self.index);
        let (token, _) = droplit_token(self.index);
        let targets: [HostileTarget; 3] = [
            (
                "/organizations/webhooks",
                vec![("SlashID-API-Key", key), ("SlashID-OrgID", org_id)],
                &[400],
            ),
            (
                "/v1/webhooks/endpoints",
                vec![("X-API-Key", instavm_key(self.index))],
                &[400, 413, 422],
            ),
            ("/api/webhooks", vec![("authorization", token)], &[400, 413]),
        ];
        for (path, headers, expect) in targets {
            self.call(Call {
                api: Api::Hostile,
                method: "POST",
                path: path.to_owned(),
                headers,
                body: Some(body.clone()),
                expect,
                what: name,
            });
        }
    }
}

/// A route a hostile body goes to: its path, its credentials, the statuses it may answer.
type HostileTarget = (&'static str, Vec<(&'static str, String)>, &'static [u16]);

fn hostile_bodies() -> Vec<(&'static str, Arc<Vec<u8>>)> {
    let mut keys = String::from("{");
    for i in 0..100_000 {
        if i > 0 {
            keys.push(',');
        }
        keys.push_str(&format!("\"k{i}\":{i}"));
    }
    keys.push('}');
    let mut big_string = String::from("{\"url\":\"");
    big_string.push_str(&"a".repeat(1024 * 1024 - 20));
    big_string.push_str("\"}");
    vec![
        ("1 MiB + 1 byte", vec![b' '; 1024 * 1024 + 1]),
        ("1 MiB string", big_string.into_bytes()),
        (
            "100,000 levels of nesting",
            "[".repeat(100_000).into_bytes(),
        ),
        ("100,000 keys", keys.into_bytes()),
        (
            "invalid UTF-8",
            b"{\"url\": \"https://\xff\xfe.example\", \"name\": \"\xc3\x28\"}".to_vec(),
        ),
        (
            "huge numbers",
            format!(
                "{{\"url\": 1e999999, \"timeout_seconds\": {0}, \"count\": -{0}}}",
                "9".repeat(100_000)
            )
            .into_bytes(),
        ),
    ]
    .into_iter()
    .map(|(name, body)| (name, Arc::new(body)))
    .collect()
}

fn soak(addr: &str, flags: &Flags) -> Report {
    let stop = Arc::new(AtomicBool::new(false));
    let bodies = Arc::new(hostile_bodies());
    let deadline = Instant::now() + Duration::from_secs(flags.seconds);
    let workers: Vec<_> = (0..flags.clients)
        .map(|index| {
            let addr = addr.to_owned();
            let stop = stop.clone();
            let bodies = bodies.clone();
            thread::spawn(move || {
                let mut client = Client {
                    conn: Conn::new(&addr),
                    index,
                    tallies: BTreeMap::new(),
                    round: 0,
                };
                while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                    match (client.round + index as u64) % 3 {
                        0 => client.slashid(),
                        1 => client.instavm(),
                        _ => client.droplit(),
                    }
                    client.hostile(&bodies);
                    client.round += 1;
                }
                client.tallies
            })
        })
        .collect();
    let healthz = {
        let addr = addr.to_owned();
        let stop = stop.clone();
        thread::spawn(move || {
            let mut conn = Conn::new(&addr);
            let mut tally = Tally::default();
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                let started = Instant::now();
                match conn.send("GET", "/healthz", &[], None) {
                    Ok(a) if a.status == 200 => {
                        tally.served += 1;
                        tally
                            .latencies_us
                            .push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                    }
                    Ok(a) => {
                        tally.served += 1;
                        tally.unexpected += 1;
                        if a.status >= 500 {
                            tally.server_errors += 1;
                        }
                    }
                    Err(_) => tally.errors += 1,
                }
                thread::sleep(Duration::from_millis(50));
            }
            tally
        })
    };
    let mut per_api: BTreeMap<Api, Tally> = BTreeMap::new();
    for worker in workers {
        match worker.join() {
            Ok(tallies) => {
                for (api, tally) in tallies {
                    per_api.entry(api).or_default().merge(tally);
                }
            }
            Err(_) => per_api.entry(Api::Hostile).or_default().errors += 1,
        }
    }
    stop.store(true, Ordering::Relaxed);
    let healthz = healthz.join().unwrap_or_default();
    Report {
        per_api,
        healthz,
        seconds: flags.seconds,
    }
}

// ---------------------------------------------------------------------------------------
// The report

struct Report {
    per_api: BTreeMap<Api, Tally>,
    healthz: Tally,
    seconds: u64,
}

fn percentile(sorted_us: &[u32], p: usize) -> Duration {
    if sorted_us.is_empty() {
        return Duration::ZERO;
    }
    let i = (sorted_us.len() * p / 100).min(sorted_us.len() - 1);
    Duration::from_micros(u64::from(sorted_us[i]))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

impl Report {
    fn rows(&self) -> Vec<(&'static str, &Tally)> {
        let mut rows: Vec<_> = self.per_api.iter().map(|(a, t)| (a.name(), t)).collect();
        rows.push(("/healthz", &self.healthz));
        rows
    }

    fn print(&mut self) {
        for tally in self.per_api.values_mut() {
            tally.latencies_us.sort_unstable();
        }
        self.healthz.latencies_us.sort_unstable();
        println!(
            "\n{:<16} {:>9} {:>7} {:>11} {:>5} {:>10} {:>10} {:>10}",
            "", "served", "errors", "unexpected", "5xx", "p50", "p99", "max"
        );
        let mut total = 0;
        for (name, t) in self.rows() {
            total += t.served;
            println!(
                "{name:<16} {:>9} {:>7} {:>11} {:>5} {:>10} {:>10} {:>10}",
                t.served,
                t.errors,
                t.unexpected,
                t.server_errors,
                ms(percentile(&t.latencies_us, 50)),
                ms(percentile(&t.latencies_us, 99)),
                ms(percentile(&t.latencies_us, 100)),
            );
        }
        println!(
            "{total} requests in {} s ({:.0}/s)",
            self.seconds,
            total as f64 / self.seconds as f64
        );
        for (name, t) in self.rows() {
            for sample in &t.samples {
                println!("  {name}: {sample}");
            }
        }
    }

    fn verdict(&self) -> Result {
        let mut missed = Vec::new();
        for (name, t) in self.rows() {
            if t.unexpected > 0 {
                missed.push(format!("{name}: {} unexpected statuses", t.unexpected));
            }
            if t.server_errors > 0 {
                missed.push(format!("{name}: {} 5xx", t.server_errors));
            }
            if t.errors > 0 {
                missed.push(format!("{name}: {} transport errors", t.errors));
            }
        }
        let p99 = percentile(&self.healthz.latencies_us, 99);
        if p99 >= HEALTHZ_P99_TARGET || self.healthz.served == 0 {
            missed.push(format!(
                "/healthz p99 {} (target under {})",
                ms(p99),
                ms(HEALTHZ_P99_TARGET)
            ));
        }
        if missed.is_empty() {
            println!(
                "soak: target met (0 unexpected statuses, 0 5xx, /healthz p99 under {})",
                ms(HEALTHZ_P99_TARGET)
            );
            Ok(())
        } else {
            Err(format!("soak: target missed: {}", missed.join("; ")).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_string_value_of_a_key() {
        let body = br#"{"result":{"id":"w-1","name":"n"},"id":"outer"}"#;
        assert_eq!(json_str(body, "id").as_deref(), Some("w-1"));
        assert_eq!(json_str(body, "missing"), None);
    }

    #[test]
    fn reads_percentiles_of_sorted_samples() {
        let samples: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&samples, 50), Duration::from_micros(51));
        assert_eq!(percentile(&samples, 99), Duration::from_micros(100));
        assert_eq!(percentile(&[], 99), Duration::ZERO);
    }

    #[test]
    fn parses_its_flags() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let f = parse(&args(&["--seconds", "5", "--clients", "3"])).unwrap();
        assert_eq!((f.seconds, f.clients), (5, 3));
        assert!(parse(&args(&["--seconds", "0"])).is_err());
        assert!(parse(&args(&["--seconds"])).is_err());
        assert!(parse(&args(&["--fast"])).is_err());
    }
}
