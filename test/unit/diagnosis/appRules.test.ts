import { strict as assert } from 'node:assert';
import { analyzeFixture, byRule } from '../analysis/fixtureAnalysis';

/** The application-layer rules (issue 11) on their real captures (test/fixtures/make-fixtures.sh, cap_dns-failures …). */
describe('application-layer rules on real captures', () => {
  it('dns.*: NXDOMAIN, SERVFAIL, a slow answer and an unanswered name, one finding each, the healthy query silent', async () => {
    const { capture, result } = await analyzeFixture('dns-failures.pcap');
    capture.close();
    const rules = result.findings.map((f) => f.rule).sort();
    assert.deepEqual(rules, ['dns.no-answer', 'dns.nxdomain', 'dns.server-error', 'dns.slow-answer']);
    const [nx] = byRule(result.findings, 'dns.nxdomain');
    assert.equal(nx.severity, 'info');
    assert.deepEqual(nx.packets, [3, 4]);
    assert.match(nx.title, /10\.77\.2\.2:53 answered NXDOMAIN .*nx\.example\.test$/);
    assert.ok(
      nx.fixes.some((x) => x.action.kind === 'command' && x.action.command === 'dig @10.77.2.2 nx.example.test'),
      'check the name against the server',
    );
    const [fail] = byRule(result.findings, 'dns.server-error');
    assert.equal(fail.severity, 'warning');
    assert.deepEqual(fail.packets, [5, 6]);
    assert.match(fail.title, /SERVFAIL for 1 name: fail\.example\.test/);
    assert.ok(fail.fixes.some((x) => x.action.kind === 'command' && /dig \+trace fail\.example\.test/.test(x.action.command)));
    const [slow] = byRule(result.findings, 'dns.slow-answer');
    assert.deepEqual(slow.packets, [7, 8, 9, 11], 'query, its resend, the answer 1.51 s later, the late answer to the resend');
    assert.match(slow.title, /took 1\.5\d s to answer slow\.example\.test; the network round trip is \d+ ms/);
    assert.match(slow.explanation, /resent the query before the answer came/);
    assert.ok(
      slow.fixes.some((x) => x.action.kind === 'command' && x.action.command === 'dig @10.77.2.2 slow.example.test'),
      'time the server',
    );
    const [drop] = byRule(result.findings, 'dns.no-answer');
    assert.deepEqual(drop.packets, [10, 12, 13]);
    assert.match(drop.title, /never answered 1 query \(drop\.example\.test\), 3 sent/);
    assert.match(drop.explanation, /answered 4 other queries, so it is up and reachable/);
    assert.ok(drop.fixes.some((x) => x.action.kind === 'command' && /dig @10\.77\.2\.2 drop\.example\.test/.test(x.action.command)));
    assert.ok(
      drop.fixes.some((x) => x.action.kind === 'command' && /^nft list ruleset/.test(x.action.command)),
      'a firewall dropping DNS',
    );
    // Ground truth (cap_dns-failures): the fix is on the DNS server or zone; every fix says what it costs.
    for (const f of result.findings) assert.ok(f.fixes.length && f.fixes.every((x) => x.cost), f.rule);
    for (const f of result.findings) assert.ok(!/www\.example\.test/.test(f.title), 'the healthy query is not reported');
  });
});

describe('application-layer rules on real captures: TLS', () => {
  it('tls.alert names who sent each alert and what it means; tls.hello-unanswered the ClientHello nobody answered', async () => {
    const { capture, result } = await analyzeFixture('tls-alerts.pcap');
    capture.close();
    assert.deepEqual(result.findings.map((f) => f.rule).sort(), ['tls.alert', 'tls.alert', 'tls.alert', 'tls.hello-unanswered']);
    const alert = (code: number) => byRule(result.findings, 'tls.alert').find((f) => f.title.includes(`(${code})`))!;
    const hf = alert(40),
      ca = alert(48),
      pv = alert(70);
    assert.match(hf.title, /handshake_failure \(40\) from the server 10\.77\.0\.2:4431/);
    assert.deepEqual(hf.packets, [4, 6]);
    assert.ok(
      hf.fixes.some(
        (x) =>
          /align the cipher suites/.test(x.title) && x.action.kind === 'command' && /ssl-enum-ciphers -p 4431 10\.77\.0\.2/.test(x.action.command) && x.cost,
      ),
      'no cipher suite in common: align them',
    );
    assert.match(ca.title, /unknown_ca \(48\) from the client/);
    assert.deepEqual(ca.packets.slice(-1), [18]);
    assert.match(ca.explanation, /does not trust the certificate authority/);
    assert.ok(ca.fixes.some((x) => /Install the CA/.test(x.title) && x.cost));
    assert.ok(ca.fixes.some((x) => /serve the full chain/.test(x.title)));
    assert.match(pv.title, /protocol_version \(70\) from the server 10\.77\.0\.2:4433/);
    assert.deepEqual(pv.packets, [25, 27]);
    assert.ok(
      pv.fixes.some((x) => /Enable a TLS version both sides support \(TLS 1\.2 and 1\.3/.test(x.title) && x.cost),
      'no version in common',
    );
    for (const f of [hf, ca, pv]) assert.equal(f.severity, 'error');
    const [hello] = byRule(result.findings, 'tls.hello-unanswered');
    assert.deepEqual(hello.packets, [35, 37]);
    assert.match(hello.title, /ClientHello to 10\.77\.0\.2:4434 never answered: the client closed the connection 2\.9 s later/);
    assert.ok(
      hello.fixes.some((x) => x.action.kind === 'command' && x.action.command === "ss -ltnp 'sport = :4434'"),
      'what listens there',
    );
    assert.ok(
      hello.fixes.some((x) => x.action.kind === 'command' && /tcpdump .*'tcp port 4434'/.test(x.action.command)),
      'a capture on the server side tells a middlebox',
    );
    assert.ok(hello.fixes.every((x) => x.cost));
  });
});

describe('application-layer rules on real captures: HTTP', () => {
  it('http.*: 5xx are warnings, 4xx info, each with its request; /slow: the network is fine, the server took 2 s', async () => {
    const { capture, result } = await analyzeFixture('http-errors.pcap');
    capture.close();
    const summary = result.findings.map((f) => `${f.rule} ${f.severity} ${f.packets.join(',')}`).sort();
    assert.deepEqual(summary, [
      'http.client-error info 36,38',
      'http.client-error info 46,48',
      'http.server-error warning 16,18',
      'http.server-error warning 26,28',
      'http.slow-server warning 56,57,58',
    ]);
    const titles = result.findings.map((f) => f.title);
    assert.ok(titles.includes('HTTP 500 Internal Server Error from 10.77.2.2:80 for GET /error'), titles.join('\n'));
    assert.ok(titles.includes('HTTP 503 Service Unavailable from 10.77.2.2:80 for GET /unavailable'));
    assert.ok(titles.includes('HTTP 403 Forbidden from 10.77.2.2:80 for GET /forbidden'));
    const [slow] = byRule(result.findings, 'http.slow-server');
    assert.match(slow.title, /^The network is fine \(round trip 9\.\d ms between here and the server\): the server took 2\.0\d s to answer GET \/slow$/);
    assert.match(slow.explanation, /acknowledged the request 9\.\d ms after it passed here \(frame 57\)/);
    // Ground truth (cap_http-errors): the fix is in the application.
    assert.ok(slow.fixes.some((x) => /Profile the endpoint on the server/.test(x.title)));
    assert.ok(
      slow.fixes.some((x) => x.action.kind === 'command' && /time_starttransfer/.test(x.action.command)),
      'time it from the client',
    );
    for (const f of byRule(result.findings, 'http.server-error')) {
      assert.ok(
        f.fixes.some((x) => x.action.kind === 'command' && /error log/.test(x.title) && x.action.command.includes(` ${f.title.slice(5, 8)} `)),
        f.title,
      );
    }
    for (const f of byRule(result.findings, 'http.client-error')) {
      const path = / for GET (\S+)$/.exec(f.title)![1];
      assert.ok(
        f.fixes.some(
          (x) =>
            x.action.kind === 'command' &&
            x.action.command === `curl -si http://10.77.2.2:80${path} | head -1` &&
            /change what the server refuses/.test(x.title) &&
            x.cost,
        ),
        `${f.title}: repeat the request and change it`,
      );
    }
  });

  it('http.client-error: a healthy page load whose script asks for /missing gives that 404 as info, and nothing else', async () => {
    const { capture, result } = await analyzeFixture('http-ipv4.pcap');
    capture.close();
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.severity, f.title]),
      [['http.client-error', 'info', 'HTTP 404 Not Found from 10.77.0.2:80 for GET /missing']],
    );
  });
});
