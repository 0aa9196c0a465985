import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCapture } from '../../../src/core/analysis';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { diagnose } from '../../../src/core/diagnosis/diagnose';
import { RULE_CHECKS } from '../../../src/core/diagnosis/ruleChecks';
import { COMPARE_RULE_REGISTRY } from '../../../src/core/compare/compareRuleRegistry';
import { ruleDocPath, RULE_REGISTRY } from '../../../src/core/diagnosis/ruleRegistry';
import { buildTcpFlows } from '../../../src/core/flows/tcpConversations';
import { FIXTURES } from '../golden/tsharkGolden';

const ROOT = path.join(__dirname, '../../..');
const DOCS = path.join(ROOT, 'docs/rules');

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

describe('the rule registry: every rule declared once, documented, pure', () => {
  it("every row (analyze's and compare's) has a docs page with its title and severity, and every page a row", () => {
    const rows = [...RULE_REGISTRY, ...COMPARE_RULE_REGISTRY];
    const ids = rows.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const r of rows) {
      const file = path.join(ROOT, ruleDocPath(r.id));
      assert.ok(fs.existsSync(file), `${ruleDocPath(r.id)} exists`);
      const [head, , severity] = fs.readFileSync(file, 'utf8').split('\n');
      assert.equal(head, `# \`${r.id}\` — ${r.title}`, `${r.id}: the page's title is the registry's`);
      assert.ok(severity.startsWith(`Severity: **${r.severity}**`), `${r.id}: the page says severity ${r.severity}: ${severity}`);
      if ('severityWhen' in r) assert.ok(severity.includes(r.severityWhen), `${r.id}: the page says when the severity moves: ${severity}`);
    }
    const pages = fs.readdirSync(DOCS).map((f) => f.replace(/\.md$/, ''));
    assert.deepEqual(pages.sort(), [...ids].sort(), 'a page per row and a row per page');
  });

  it('every row has its check, and supersedes names registered rules', () => {
    const ids = new Set<string>(RULE_REGISTRY.map((r) => r.id));
    assert.deepEqual(Object.keys(RULE_CHECKS).sort(), [...ids].sort());
    for (const r of RULE_REGISTRY) for (const s of 'supersedes' in r ? r.supersedes : []) assert.ok(ids.has(s), `${r.id} supersedes ${s}`);
  });

  for (const file of fs.readdirSync(FIXTURES).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f))) {
    it(`${file}: diagnose() leaves the flows it judges unchanged (frozen), and finds what the analysis finds`, async () => {
      const capture = await openCaptureFile(path.join(FIXTURES, file));
      try {
        const r = analyzeCapture(capture);
        const flows = buildTcpFlows(capture, r.extras, true);
        const before = JSON.stringify(flows);
        // Strict mode: a rule writing into a frozen flow throws.
        const findings = diagnose(capture, deepFreeze(flows), r.extras, r.verdicts);
        assert.equal(JSON.stringify(flows), before);
        assert.deepEqual(findings, r.findings);
        const known = new Set<string>(RULE_REGISTRY.map((x) => x.id));
        for (const f of findings) assert.ok(known.has(f.rule), f.rule);
        // Every fix that acts (not a link to read) says what it costs.
        for (const f of findings) for (const x of f.fixes) if (x.action.kind !== 'doc') assert.ok(x.cost, `${f.rule}: "${x.title}" has no cost`);
      } finally {
        capture.close();
      }
    });
  }

  it('the Flows table outcome comes from the facts: a SYN rejected with ICMP unreachable is refused before any rule runs', async () => {
    const capture = await openCaptureFile(path.join(FIXTURES, 'reject.pcap'));
    try {
      const r = analyzeCapture(capture);
      const flows = buildTcpFlows(capture, r.extras, false);
      const icmp = r.findings.find((f) => f.rule === 'tcp.handshake.refused' && /ICMP/.test(f.title))!;
      assert.ok(icmp, r.findings.map((f) => f.title).join('\n'));
      assert.ok(icmp.streams.length >= 1);
      assert.ok(icmp.streams.every((s) => flows.find((f) => f.stream === s)!.summary.outcome === 'refused'));
    } finally {
      capture.close();
    }
  });
});
