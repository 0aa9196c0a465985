import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import Ajv from 'ajv-draft-04';
import { CLI, runCli } from '../cli/runCli';
import { COMPARE_FIX, readScript } from './pairOracle';

const pair = (name: string) => [path.join(COMPARE_FIX, `${name}-a.pcap`), path.join(COMPARE_FIX, `${name}-b.pcap`)];

describe('pcap-inspector compare', () => {
  it('--json prints exactly the contract of issue 14: {clockOffset, delay: {aToB, bToA}, packets, connections, findings}', () => {
    const r = runCli('compare', ...pair('founding'), '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Record<string, unknown> & {
      delay: Record<string, unknown>;
      packets: Record<string, number>;
      findings: Array<Record<string, unknown>>;
      connections: unknown[];
    };
    assert.deepEqual(Object.keys(j), ['clockOffset', 'delay', 'packets', 'connections', 'findings']);
    assert.equal(typeof j.clockOffset, 'number');
    assert.deepEqual(Object.keys(j.delay), ['aToB', 'bToA']);
    for (const k of ['matched', 'lostBetween', 'appearedBetween', 'modified', 'onlyOutsideOverlap']) assert.equal(typeof j.packets[k], 'number', k);
    assert.equal(j.connections.length, 2);
    for (const f of j.findings) {
      for (const k of ['rule', 'severity', 'title', 'explanation', 'fixes', 'fields', 'packetsA', 'packetsB']) assert.ok(k in f, k);
      assert.match(f.rule as string, /^compare\./);
    }
    assert.equal(j.findings[0].severity, 'error');
  });

  it('the text report leads with the findings, most severe first, then the clock and the delays', () => {
    const r = runCli('compare', ...pair('nat-mss'));
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[0], /^A: .*nat-mss-a\.pcap \(\d+ packets\) · B: .*nat-mss-b\.pcap \(\d+ packets\) · \d+ findings$/);
    assert.match(lines[2], /^1\. \[(ERROR|WARNING|INFO)\] /);
    assert.match(r.out, /\[INFO\] NAT 10\.88\.1\.1:\d+ → 10\.88\.2\.254:60(0\d|10)/);
    assert.match(r.out, /tcp\.options\.mss_val: A 1460, B 1380/);
    const shift = readScript('nat-mss').clockShiftB;
    const clock = /^Clock: B's clock is ([\d.]+) ms behind A's/m.exec(r.out);
    assert.ok(clock && Math.abs(Number(clock[1]) - Math.abs(shift) * 1000) < 5, r.out.slice(r.out.indexOf('Clock:')));
    assert.ok(r.out.indexOf('Clock:') > r.out.lastIndexOf('Fix:'), 'the summary comes after the findings');
  });

  it('--sarif is valid SARIF 2.1.0 with both files as artifacts', () => {
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const r = runCli('compare', ...pair('founding'), '--sarif');
    assert.equal(r.code, 0, r.err);
    const log = JSON.parse(r.out) as { runs: Array<{ artifacts: unknown[]; results: Array<{ ruleId: string; level: string }> }> };
    assert.ok(validate(log), ajv.errorsText(validate.errors));
    assert.equal(log.runs[0].artifacts.length, 2);
    assert.equal(log.runs[0].results[0].level, 'error');
  });

  it('needs exactly two files', () => {
    const r = runCli('compare', pair('founding')[0]);
    assert.equal(r.code, 2);
    assert.match(r.err, /compare needs two FILEs/);
  });

  // B is read in a worker thread (dist/compareSideWorker.js) while the main thread reads A.
  it('B gzip-compressed, read by the worker thread: the same report, and its gunzipped copy removed at the end', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-gz-'));
    try {
      const [a, b] = pair('drops');
      const gz = path.join(tmp, 'drops-b.pcap.gz');
      fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(b)));
      // The CLI's temporary files go to TMPDIR: a folder of the test's own, to see what is left in it.
      const scratch = path.join(tmp, 'scratch');
      fs.mkdirSync(scratch);
      const run = (bFile: string) =>
        spawnSync(process.execPath, [CLI, 'compare', a, bFile, '--json'], { encoding: 'utf8', env: { ...process.env, TMPDIR: scratch } });
      const plain = run(b),
        zipped = run(gz);
      assert.equal(zipped.status, 0, zipped.stderr);
      assert.deepEqual(JSON.parse(zipped.stdout), JSON.parse(plain.stdout));
      assert.ok((JSON.parse(zipped.stdout) as { packets: { lostBetween: number } }).packets.lostBetween > 0);
      assert.deepEqual(fs.readdirSync(scratch), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a B that cannot be opened is named, exit code 1, no stack trace', () => {
    const missing = path.join(os.tmpdir(), 'no-such-capture-b.pcap');
    const r = runCli('compare', pair('founding')[0], missing);
    assert.equal(r.code, 1);
    assert.equal(r.err.trim(), `pcap-inspector: cannot open ${missing}: ENOENT: no such file or directory, open '${missing}'`);
  });
});
