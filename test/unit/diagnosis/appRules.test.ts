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
    const [fail] = byRule(result.findings, 'dns.server-error');
    assert.equal(fail.severity, 'warning');
    assert.deepEqual(fail.packets, [5, 6]);
    assert.match(fail.title, /SERVFAIL for 1 name: fail\.example\.test/);
    assert.ok(fail.fixes.some((x) => x.action.kind === 'command' && /dig \+trace fail\.example\.test/.test(x.action.command)));
    const [slow] = byRule(result.findings, 'dns.slow-answer');
    assert.deepEqual(slow.packets, [7, 8, 9, 11], 'query, its resend, the answer 1.51 s later, the late answer to the resend');
    assert.match(slow.title, /took 1\.5\d s to answer slow\.example\.test; the network round trip is \d+ ms/);
    assert.match(slow.explanation, /resent the query before the answer came/);
    const [drop] = byRule(result.findings, 'dns.no-answer');
    assert.deepEqual(drop.packets, [10, 12, 13]);
    assert.match(drop.title, /never answered 1 query \(drop\.example\.test\), 3 sent/);
    assert.match(drop.explanation, /answered 4 other queries, so it is up and reachable/);
    for (const f of result.findings) assert.ok(!/www\.example\.test/.test(f.title), 'the healthy query is not reported');
  });
});
