import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exerciseEngine } from '../../fuzz/exerciseEngine';
import { pcapFile } from '../helpers/captureWriter';
import { ROOT } from '../cli/runCli';

const FUZZ = path.join(ROOT, 'dist/fuzz.js');
const REGRESSIONS = path.join(ROOT, 'test/fixtures/fuzz-regressions');

function fuzz(...args: string[]): { code: number | null; out: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-fuzz-'));
  const r = spawnSync(process.execPath, [FUZZ, '--out', dir, ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: r.stdout + r.stderr, dir };
}

describe('engine fuzzing (npm run fuzz)', () => {
  it('a short seeded pass: 2,000 mutated captures through index, analysis, summaries, detail trees, diagrams and filters, no failure', function () {
    this.timeout(300_000);
    const r = fuzz('--iterations', '2000', '--seed', '20261202');
    try {
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /fuzz: 2000 inputs \(seed 20261202\) in [\d.]+ s: \d+ inputs\/s, \d+ packets read, 0 failures/);
      const packets = Number(/(\d+) packets read/.exec(r.out)![1]);
      assert.ok(packets > 20_000, `the mutated inputs still hold packets to analyse (${packets})`);
    } finally {
      fs.rmSync(r.dir, { recursive: true, force: true });
    }
  });

  it('the watchdog catches a hang and the runner a crash: both inputs saved with their stack, the run goes on', function () {
    this.timeout(120_000);
    // The watchdog's limit must stay above what a real input takes on a busy machine: a fixture added
    // to the seeds shifts which capture each input starts from (input 18 became the 2,000-packet
    // syn-scan.pcap, ~1.5 s with both cores shared), and only the self-test hang may trip it.
    const r = fuzz('--iterations', '40', '--seed', '3', '--timeout', '5000', '--selftest-hang', '5', '--selftest-crash', '9');
    try {
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /HANG on input 5/);
      assert.match(r.out, /FAIL on input 9 \(.*\): Error: self-test crash/);
      assert.match(r.out, /fuzz: 40 inputs .* 2 failures/);
      const files = fs.readdirSync(r.dir).sort();
      assert.deepEqual(files, ['crash-seed3-input9.pcap', 'crash-seed3-input9.txt', 'hang-seed3-input5.pcap', 'hang-seed3-input5.txt']);
      assert.match(fs.readFileSync(path.join(r.dir, 'crash-seed3-input9.txt'), 'utf8'), /self-test crash\n\s+at /);
      assert.ok(fs.statSync(path.join(r.dir, 'hang-seed3-input5.pcap')).size > 0, 'the hanging input is saved');
    } finally {
      fs.rmSync(r.dir, { recursive: true, force: true });
    }
  });

  it('every input that once failed goes through the whole engine (regressions)', () => {
    // Issue 18: an ICMP port unreachable whose IP length promises a 46-byte quoted datagram, cut after the ICMP header.
    const icmpCut = Uint8Array.from(
      '027700000001027700000002080045c0004a6e3b00004001f71b0a4d00020a4d0001030311c500000000'.match(/../g)!.map((x) => parseInt(x, 16)),
    );
    const inputs: Array<[string, Uint8Array]> = [['issue 18: ICMP quoted datagram cut off', pcapFile([{ sec: 1, frac: 0, data: icmpCut }])]];
    for (const f of fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS).sort() : []) {
      if (/\.(pcap|pcapng|gz)$/.test(f)) inputs.push([f, fs.readFileSync(path.join(REGRESSIONS, f))]);
    }
    for (const [name, bytes] of inputs) {
      assert.doesNotThrow(() => exerciseEngine(bytes), name);
    }
  });
});
