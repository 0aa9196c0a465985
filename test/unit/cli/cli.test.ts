import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, FIX, runCli as run } from './runCli';

/** The CLI as users and later checks call it: the bundled dist/cli.js (npm test builds first). */
describe('pcap-inspector CLI', () => {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build (npm test does)');
  });

  it('packets --json follows the contract on the founding-case capture', () => {
    const r = run('packets', path.join(FIX, 'founding-tsecr.pcap'), '--json');
    assert.equal(r.code, 0, r.err);
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const syn = rows.find((x) => x.tcp?.flags === 0x002)!;
    const synAck = rows.find((x) => x.tcp?.flags === 0x012)!;
    assert.match(syn.time, /^\d+\.\d{9}$/);
    assert.equal(syn.proto, 'TCP');
    assert.equal(syn.src, '10.77.1.1');
    assert.equal(syn.tcp.dport, 8080);
    assert.equal(syn.tcp.seq, 0);
    assert.equal(syn.tcp.tsecr, 0);
    assert.equal(synAck.tcp.tsval, 0);
    assert.equal(synAck.tcp.tsecr, 2174718965);
    assert.notEqual(synAck.tcp.tsecr, syn.tcp.tsval);
    for (const k of ['no', 'time', 'len', 'caplen', 'proto', 'info']) assert.ok(k in syn, k);
    for (const k of ['sport', 'dport', 'stream', 'flags', 'seq', 'ack', 'seqRaw', 'ackRaw', 'win', 'len', 'mss', 'wscale', 'sackPerm', 'tsval', 'tsecr'])
      assert.ok(k in syn.tcp, `tcp.${k}`);
    const rst = rows.find((x) => x.tcp?.flags === 0x004)!;
    assert.equal(rst.tcp.seqRaw, synAck.tcp.ackRaw >>> 0, "the RST carries the SYN/ACK's ack as its seq");
  });

  it('packets prints Wireshark-like columns', () => {
    const r = run('packets', path.join(FIX, 'http-ipv4.pcap'));
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 51);
    assert.match(lines[0], /^ 1\s+0\.000000000 02:77:00:00:00:01 → ff:ff:ff:ff:ff:ff ARP\s+42 Who has 10\.77\.0\.2\? Tell 10\.77\.0\.1$/);
    assert.ok(lines.some((l) => /DNS .* Standard query 0x[0-9a-f]{4} A www\.example\.test$/.test(l)));
    assert.ok(lines.some((l) => /HTTP .* GET \/big HTTP\/1\.1$/.test(l)));
  });

  it('info summarises like capinfos, and agrees with capinfos on count and duration', () => {
    const r = run('info', path.join(FIX, 'http-ipv6.pcapng'), '--json');
    assert.equal(r.code, 0, r.err);
    const info = JSON.parse(r.out);
    const golden = fs.readFileSync(path.join(FIX, 'goldens/http-ipv6.pcapng.capinfos.txt'), 'utf8');
    assert.equal(info.packets, Number(/Number of packets:\s+(\d+)/.exec(golden)![1]));
    assert.match(info.format, /^pcapng/);
    assert.deepEqual(info.encapsulation, ['Ethernet']);
    const dur = Number(/Capture duration:\s+([\d.]+)/.exec(golden)![1]);
    assert.ok(Math.abs(Number(info.duration) - dur) < 1e-6, `${info.duration} vs ${dur}`);
    const text = run('info', path.join(FIX, 'http-ipv4.pcap.gz'));
    assert.match(text.out, /Compression:\s+gzip/);
    assert.match(text.out, /Number of packets:\s+51/);
  });

  it('a truncated file prints the packets it could read, says where it stopped, exits non-zero', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pi-cli-'));
    const src = fs.readFileSync(path.join(FIX, 'refused.pcap'));
    const cut = path.join(dir, 'cut.pcap');
    fs.writeFileSync(cut, src.subarray(0, src.length - 7));
    const r = run('packets', cut);
    fs.rmSync(dir, { recursive: true });
    assert.notEqual(r.code, 0);
    assert.equal(r.out.trim().split('\n').length, 7);
    assert.match(r.err, /Truncated record: \d+ bytes announced, \d+ present \(at byte offset \d+\); showing the 7 packets read before it/);
  });

  it('usage errors and missing files go to stderr with a non-zero status', () => {
    const none = run('packets', '/nonexistent.pcap');
    assert.notEqual(none.code, 0);
    assert.match(none.err, /cannot open \/nonexistent\.pcap/);
    assert.equal(run('frobnicate', 'x').code, 2);
    assert.equal(run('packets').code, 2);
    assert.equal(run('packets', 'x', '--bogus').code, 2);
  });
});
