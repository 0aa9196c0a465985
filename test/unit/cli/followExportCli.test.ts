import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, FIX, runCli as run } from './runCli';

/** follow, export and merge as users call them (dist/cli.js): arguments, outputs, exit codes. */
describe('pcap-inspector follow / export / merge', () => {
  let dir: string;
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build (npm test does)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-cli-'));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('follow --format ascii shows the HTTP request, then the response after a tab-indented count', () => {
    const r = run('follow', path.join(FIX, 'http-ipv4.pcap'), '--stream', '0');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.deepEqual(lines.slice(1, 6), ['='.repeat(67), 'Follow: tcp,ascii', 'Filter: tcp.stream eq 0', 'Node 0: 10.77.0.1:36526', 'Node 1: 10.77.0.2:80']);
    assert.equal(lines[6], '83');
    assert.equal(lines[7], 'GET /big HTTP/1.1\r');
    assert.equal(lines[13], '\t133');
    assert.equal(lines[14], 'HTTP/1.1 200 OK\r');
  });

  it("follow --direction client keeps the client's bytes, unindented", () => {
    const r = run('follow', path.join(FIX, 'http-ipv4.pcap'), '--stream', '0', '--format', 'raw', '--direction', 'client');
    assert.equal(r.code, 0, r.err);
    const data = r.out.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
    assert.ok(data.length >= 2);
    assert.ok(data.every((l) => !l.startsWith('\t')));
    assert.ok(Buffer.from(data[0], 'hex').toString().startsWith('GET /big HTTP/1.1\r\n'));
  });

  it('follow --udp-stream follows a DNS exchange', () => {
    const r = run('follow', path.join(FIX, 'http-ipv4.pcap'), '--udp-stream', '0', '--format', 'raw');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Follow: udp,raw\nFilter: udp\.stream eq 0\n/);
  });

  it('follow rejects a missing stream, a bad format and a missing stream option', () => {
    const none = run('follow', path.join(FIX, 'http-ipv4.pcap'), '--stream', '99');
    assert.equal(none.code, 1);
    assert.match(none.err, /has no tcp stream 99/);
    assert.equal(run('follow', path.join(FIX, 'http-ipv4.pcap'), '--stream', '0', '--format', 'c').code, 2);
    assert.equal(run('follow', path.join(FIX, 'http-ipv4.pcap')).code, 2);
    const missing = run('follow', path.join(dir, 'nope.pcap'), '--stream', '0');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot open/);
  });

  it('export -Y writes pcapng, or pcap by the name, that re-opens with the filtered packets', () => {
    const out = path.join(dir, 'stream0.pcapng');
    const r = run('export', path.join(FIX, 'http-ipv4.pcap'), '-Y', 'tcp.stream eq 0', '-o', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^47 of 51 packets written/);
    assert.equal(fs.readFileSync(out).readUInt32LE(0), 0x0a0d0d0a, 'a pcapng Section Header Block');
    const pcap = path.join(dir, 'stream0.pcap');
    assert.equal(run('export', path.join(FIX, 'http-ipv4.pcap'), '-Y', 'tcp.stream eq 0', '-o', pcap).code, 0);
    assert.equal(fs.readFileSync(pcap).readUInt32LE(0), 0xa1b2c3d4, 'a microsecond pcap header');
    const info = run('info', out, '--json');
    assert.equal(JSON.parse(info.out).packets, 47);
    const bad = run('export', path.join(FIX, 'http-ipv4.pcap'), '-Y', 'tcp.port ==', '-o', path.join(dir, 'x.pcapng'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /invalid filter/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.pcapng')), 'no file for an invalid filter');
  });

  it('merge -o interleaves the inputs in time order', () => {
    const out = path.join(dir, 'merged.pcapng');
    const r = run('merge', '-o', out, path.join(FIX, 'http-ipv4.pcap'), path.join(FIX, 'loss.pcap'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^395 packets from 2 files written/);
    const rows = run('packets', out, '--json')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { time: string });
    assert.equal(rows.length, 395);
    for (let k = 1; k < rows.length; k++) assert.ok(Number(rows[k].time) >= Number(rows[k - 1].time) || rows[k].time === rows[k - 1].time);
    assert.equal(run('merge', path.join(FIX, 'loss.pcap')).code, 2, 'no -o');
  });
});
