import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIX, runCli as run } from './runCli';

describe('pcap-inspector analyze --cache DIR', () => {
  let dir: string, cache: string, capture: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-cache-'));
    cache = path.join(dir, 'cache');
    capture = path.join(dir, 'http-errors.pcap');
    fs.copyFileSync(path.join(FIX, 'http-errors.pcap'), capture);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const entry = () =>
    path.join(
      cache,
      fs.readdirSync(cache).find((n) => n.endsWith('.json'))!,
    );
  const uncached = () => run('analyze', capture, '--json').out;

  it('the second run reads the kept report (an entry edited with a matching digest shows through), with the same output as no cache', () => {
    const first = run('analyze', capture, '--json', '--cache', cache);
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, uncached());
    const e = JSON.parse(fs.readFileSync(entry(), 'utf8'));
    assert.equal(run('analyze', capture, '--json', '--cache', cache).out, first.out, 'a hit prints what the analysis printed');
    // Proof that the hit comes from the entry and not a new analysis: a consistent edit is believed.
    e.report.findings[0].title = 'FROM THE CACHE';
    e.digest = createHash('sha256').update(JSON.stringify(e.report)).digest('hex');
    fs.writeFileSync(entry(), JSON.stringify(e));
    const hit = run('analyze', capture, '--cache', cache);
    assert.match(hit.out, /FROM THE CACHE/);
    assert.equal(hit.err, '');
  });

  it('a corrupt entry (one byte changed) is detected, never trusted: analysed again, and the entry rewritten', () => {
    run('analyze', capture, '--json', '--cache', cache);
    const bytes = fs.readFileSync(entry());
    const at = bytes.indexOf('"title":"') + 12;
    bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58;
    fs.writeFileSync(entry(), bytes);
    const r = run('analyze', capture, '--json', '--cache', cache);
    assert.match(r.err, /was corrupt: analysing it again/);
    assert.equal(r.out, uncached());
    const again = run('analyze', capture, '--json', '--cache', cache);
    assert.equal(again.err, '', 'the rebuilt entry is valid');
    fs.writeFileSync(entry(), '{"version":1,"key":');
    assert.match(run('analyze', capture, '--cache', cache).err, /was corrupt/, 'a truncated entry too');
  });

  it('stale: a new mtime, or the same size and mtime with other bytes in the first 64 KB, is analysed again', () => {
    run('analyze', capture, '--json', '--cache', cache);
    const st = fs.statSync(capture);
    fs.utimesSync(capture, st.atime, new Date(st.mtimeMs + 5000));
    assert.match(run('analyze', capture, '--json', '--cache', cache).err, /was stale/);
    // Rewritten in place: same size, mtime put back, one byte of a packet changed.
    const now = fs.statSync(capture);
    const bytes = fs.readFileSync(capture);
    bytes[100] ^= 0xff;
    fs.writeFileSync(capture, bytes);
    fs.utimesSync(capture, now.atime, now.mtime);
    const r = run('analyze', capture, '--json', '--cache', cache);
    assert.match(r.err, /was stale/);
    assert.equal(r.out, uncached());
  });
});
