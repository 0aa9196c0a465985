import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { expandCaptureInputs } from '../../../src/cli/captureInputs';
import { FIX, runCli as run } from './runCli';

/** A directory of fixture copies (one in a subdirectory), a text file, a broken capture and a truncated one. */
function archive(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-batch-'));
  fs.copyFileSync(path.join(FIX, 'refused.pcap'), path.join(dir, 'a-refused.pcap'));
  fs.copyFileSync(path.join(FIX, 'http-ipv4.pcap'), path.join(dir, 'b-http.pcap'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.copyFileSync(path.join(FIX, 'founding-tsecr.pcap'), path.join(dir, 'sub', 'd-tsecr.pcap'));
  fs.writeFileSync(path.join(dir, 'c-broken.pcap'), 'not a capture at all\n');
  const loss = fs.readFileSync(path.join(FIX, 'loss.pcap'));
  fs.writeFileSync(path.join(dir, 'c-truncated.pcap'), loss.subarray(0, 5000));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored: not a capture name');
  return dir;
}

/** What `analyze FILE --json` says of one capture alone: the reference each batch line must equal. */
function single(file: string): { packets: number; findings: unknown[] } {
  const j = JSON.parse(run('analyze', file, '--json').out) as { packets: number; findings: unknown[] };
  return { packets: j.packets, findings: j.findings };
}

describe('pcap-inspector analyze DIR_OR_GLOB... (worker pool)', () => {
  let dir: string;
  before(() => (dir = archive()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('one JSON line per capture in input order, each equal to analyze FILE alone; the broken file fails on its own line; exit 1', () => {
    const r = run('analyze', dir, '--jsonl', '--threads', '2');
    assert.equal(r.code, 1, 'a capture failed');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { path: string; packets?: number; findings?: unknown[]; error?: string; readError?: unknown });
    assert.deepEqual(
      lines.map((l) => path.relative(dir, l.path)),
      ['a-refused.pcap', 'b-http.pcap', 'c-broken.pcap', 'c-truncated.pcap', path.join('sub', 'd-tsecr.pcap')],
    );
    assert.match(lines[2].error!, /Not a pcap or pcapng file/);
    assert.equal(lines[2].findings, undefined);
    assert.ok(lines[3].readError, 'read in part: findings for what was read, and the reason');
    for (const l of [lines[0], lines[1], lines[3], lines[4]]) {
      const alone = single(l.path);
      assert.equal(l.packets, alone.packets, l.path);
      assert.deepEqual(l.findings, alone.findings, l.path);
    }
  });

  it('--threads 1 prints the same lines as the pool; globs and several inputs keep their order; a missing file is an error line', () => {
    const pool = run('analyze', dir, '--threads', '2').out;
    assert.equal(run('analyze', dir, '--threads', '1').out, pool);
    const r = run('analyze', path.join(dir, 'sub', '*.pcap'), path.join(dir, 'nope.pcap'), path.join(dir, 'a-*.pcap'));
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { path: string; error?: string });
    assert.deepEqual(
      lines.map((l) => path.basename(l.path)),
      ['d-tsecr.pcap', 'nope.pcap', 'a-refused.pcap'],
    );
    assert.match(lines[1].error!, /ENOENT/);
    assert.equal(r.code, 1);
    const ok = run('analyze', path.join(dir, 'a-refused.pcap'), path.join(dir, 'b-http.pcap'));
    assert.equal(ok.code, 0, 'nothing failed');
  });

  it('--sarif: one valid SARIF 2.1.0 log with one run per capture, the broken one a failed invocation', () => {
    const r = run('analyze', dir, '--sarif');
    const log = JSON.parse(r.out) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean }>; results: Array<{ ruleId: string }> }> };
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log));
    assert.equal(log.runs.length, 5);
    assert.deepEqual(
      log.runs.map((x) => x.invocations[0].executionSuccessful),
      [true, true, false, false, true],
    );
    assert.equal(log.runs[0].results[0].ruleId, 'tcp.handshake.refused');
  });

  it('expands a directory recursively to capture names only, sorted; ** in a glob matches any depth', () => {
    assert.deepEqual(
      expandCaptureInputs([dir]).map((p) => path.relative(dir, p)),
      ['a-refused.pcap', 'b-http.pcap', 'c-broken.pcap', 'c-truncated.pcap', path.join('sub', 'd-tsecr.pcap')],
    );
    assert.deepEqual(
      expandCaptureInputs([path.join(dir, '**', 'd-*.pcap')]).map((p) => path.relative(dir, p)),
      [path.join('sub', 'd-tsecr.pcap')],
    );
  });
});
