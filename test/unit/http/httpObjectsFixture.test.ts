import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { followStream } from '../../../src/core/follow/followCapture';
import { decodedBody } from '../../../src/core/http/httpBody';
import { httpExchanges } from '../../../src/core/http/httpExchanges';
import { followTcp } from '../../../src/core/follow/tcpFollow';
import { httpObjects } from '../../../src/core/http/httpObjects';
import { CLI, runCli } from '../cli/runCli';

const FIX = path.resolve(__dirname, '../../fixtures');
const FILE = path.join(FIX, 'http-objects.pcap');
/** What the fixture's server served (test/fixtures/tools/http_objects_server.mjs wrote it while the capture ran). */
const SERVED: Array<{ uri: string; size: number; sha256: string; coding: string }> = JSON.parse(
  fs.readFileSync(path.join(FIX, 'goldens/http-objects.served.json'), 'utf8'),
);
const sha = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');
const HAVE_TSHARK = spawnSync('tshark', ['--version']).status === 0;
const PUBLIC = path.resolve(__dirname, '../../../../shared/captures/public/wireshark-wiki');

/** SHA-256 of every file tshark --export-objects http saves from `file`, by file name. */
function tsharkObjects(file: string, dir: string): Map<string, string> {
  fs.mkdirSync(dir);
  const t = spawnSync('tshark', ['-r', file, '-q', '--export-objects', `http,${dir}`]);
  assert.equal(t.status, 0, String(t.stderr));
  return new Map(fs.readdirSync(dir).map((f) => [f, sha(fs.readFileSync(path.join(dir, f)))]));
}

describe('HTTP objects of a real capture (http-objects.pcap: keep-alive, chunked, gzip, deflate, br, pipelined, read-until-close)', () => {
  let capture: Capture;
  before(async () => {
    capture = await openCaptureFile(FILE);
  });
  after(() => capture?.close());

  it('every body, decoded, is byte-identical to what the server served (by its SHA-256)', () => {
    const got = new Map<string, string>();
    for (let s = 0; s < capture.index.tcpStreams.count; s++) {
      const stream = followStream(capture, { kind: 'tcp', stream: s })!;
      for (const x of httpExchanges(stream)) {
        for (const [m, key] of [
          [x.response, x.request?.uri],
          [x.request, `${x.request?.uri} (request)`],
        ] as const) {
          if (!m || !key || m.body.size === 0) continue;
          const d = decodedBody(stream, m);
          if (d.bytes) got.set(key, sha(d.bytes));
        }
      }
    }
    // broken.gz is served as "gzip" but is not: it must not decode (checked below).
    const expected = SERVED.filter((s) => s.uri !== '/broken.gz');
    assert.equal(expected.length, 15);
    for (const s of expected) assert.equal(got.get(s.uri), s.sha256, s.uri);
    assert.ok(expected.some((s) => s.coding === 'gzip') && expected.some((s) => s.coding === 'br') && expected.some((s) => s.coding === 'deflate'));
  });

  it("lists the objects as Wireshark's Export Objects → HTTP: packet, host, type, decoded size, a safe name", () => {
    const list = httpObjects(capture);
    const row = (f: string) => list.find((o) => o.filename === f);
    assert.deepEqual(
      list.map((o) => o.filename),
      [
        'index.html',
        'app.js',
        'data.json',
        'style.css',
        'logo.png',
        'report 2026.txt',
        'passwd',
        '_CON',
        'blob.bin',
        'broken.gz',
        'upload',
        'upload',
        'p1.txt',
        'p2.txt',
        'p3.bin',
        'stream',
      ],
    );
    assert.deepEqual(
      { ...row('app.js')!, packet: row('app.js')!.packet + 1 },
      {
        stream: 0,
        exchange: 1,
        part: 'response',
        packet: 9,
        hostname: 'www.example.test',
        contentType: 'application/javascript',
        size: 4920,
        filename: 'app.js',
        uri: '/app.js',
      },
    );
    assert.equal(row('blob.bin')!.packet + 1, 67, 'the packet that completed the 30 KB body');
    assert.match(row('broken.gz')!.error!, /the gzip body could not be decoded/);
    assert.deepEqual(
      list.filter((o) => o.filename === 'upload').map((o) => o.part),
      ['request', 'response'],
    );
  });

  /**
   * tshark 4.0's --export-objects http saves bodies de-chunked and decompressed, like ours. Its
   * deviations, which this test allows for by comparing the sets of bodies, not names:
   * - it names the responses to pipelined requests after the LAST request in the client's segment
   *   (p3.bin, p3(1).bin, p3(2).bin for /p1.txt, /p2.txt, /p3.bin): it pairs by packet, we by order;
   * - it ignores Content-Disposition ("evil", "download%3fid=7"; ours: "passwd", "report 2026.txt");
   * - it leaves out a body it cannot decompress (broken.gz: "Decompression failed"); we save the
   *   bytes as sent and report the error.
   */
  it('the bodies saved by the CLI are byte-identical to tshark --export-objects http', function () {
    if (!HAVE_TSHARK) this.skip();
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build (npm test does)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-objects-'));
    try {
      const theirs = path.join(dir, 'tshark');
      const ours = path.join(dir, 'ours');
      fs.mkdirSync(theirs);
      const t = spawnSync('tshark', ['-r', FILE, '-q', '--export-objects', `http,${theirs}`]);
      assert.equal(t.status, 0, String(t.stderr));
      const r = runCli('export-objects', FILE, '--http', '-o', ours);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /packet 70 \(broken\.gz\): the gzip body could not be decoded.*saved the bytes as sent/);
      const hashes = (d: string) => fs.readdirSync(d).map((f) => sha(fs.readFileSync(path.join(d, f))));
      const oursHashes = hashes(ours);
      const theirsHashes = hashes(theirs);
      assert.equal(theirsHashes.length, 15);
      assert.deepEqual([...theirsHashes].sort(), oursHashes.filter((h) => h !== sha(fs.readFileSync(path.join(ours, 'broken.gz')))).sort());
      // Names that differ only where tshark pairs pipelined responses by packet.
      const same = ['index.html', 'app.js', 'data.json', 'style.css', 'logo.png', 'blob.bin', 'stream', 'upload', 'upload(1)'];
      for (const f of same) assert.ok(fs.readFileSync(path.join(ours, f)).equals(fs.readFileSync(path.join(theirs, f))), f);
      assert.ok(fs.readFileSync(path.join(ours, 'p2.txt')).equals(fs.readFileSync(path.join(theirs, 'p3(1).bin'))));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('export-objects never overwrites: a second export into the same folder adds "(1)" names; --list --json prints rows', () => {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build (npm test does)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-objects-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), 'mine');
      const r = runCli('export-objects', FILE, '--http', '-o', dir);
      assert.equal(r.code, 0, r.err);
      assert.equal(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), 'mine');
      assert.equal(fs.statSync(path.join(dir, 'index(1).html')).size, 120);
      assert.ok(!fs.readdirSync(dir).some((f) => f.includes('..') || f === 'CON'));
      const j = runCli('export-objects', FILE, '--http', '--list', '--json');
      assert.equal(j.code, 0, j.err);
      const rows = j.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(rows.length, 16);
      assert.deepEqual(
        [rows[0].packet, rows[0].hostname, rows[0].contentType, rows[0].size, rows[0].filename],
        [6, 'www.example.test', 'text/html', 120, 'index.html'],
      );
      assert.equal(runCli('export-objects', FILE, '-o', dir).code, 2, 'a protocol is required');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('following a stream from its own packet list (how the export follows them all in one pass) gives the same chunks', () => {
    for (let s = 0; s < capture.index.tcpStreams.count; s++) {
      const own = Array.from({ length: capture.index.count }, (_, i) => i).filter((i) => capture.index.stream[i] === s);
      const a = followTcp(capture, s).chunks;
      const b = followTcp(capture, s, own).chunks;
      assert.deepEqual([b.count, b.bytes, Array.from(b.packet.subarray(0, b.count))], [a.count, a.bytes, Array.from(a.packet.subarray(0, a.count))]);
    }
  });

  /**
   * Public captures (../shared/captures/public): the bodies equal tshark's, except that tshark also
   * saves a server's bytes that are no HTTP message at all ("HTTP continuation" of a capture that
   * began mid-connection: http_capture.pcap's object1 and object1019, packets 1 and 1019); we save
   * only message bodies. Not compared: http_pdus.pcapng (Wireshark Upper PDU export: a link type the
   * engine does not read) and c05-http-reply-r1 (PROTOS fuzzing, malformed on purpose; tshark stops
   * after 1000 files named "%2f"; it also saves whole responses whose status line is malformed,
   * "HTTP1.1 200 OK", and bodies after header blocks of over 64 KiB, which we refuse by design).
   */
  for (const [name, tsharkOnly] of [
    ['SampleCaptures__http_capture.pcap', ['object1', 'object1019']],
    ['e8cebabd278b76e3bc9edbd484c4d293__http_PPI.cap', []],
  ] as const) {
    it(`${name}: the bodies equal tshark --export-objects http's`, function () {
      const file = path.join(PUBLIC, name);
      if (!HAVE_TSHARK || !fs.existsSync(file)) this.skip();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-objects-'));
      try {
        const theirs = tsharkObjects(file, path.join(dir, 'tshark'));
        const r = runCli('export-objects', file, '--http', '-o', path.join(dir, 'ours'));
        assert.equal(r.code, 0, r.err);
        const ours = fs.readdirSync(path.join(dir, 'ours')).map((f) => sha(fs.readFileSync(path.join(dir, 'ours', f))));
        const expected = [...theirs].filter(([f]) => !(tsharkOnly as readonly string[]).includes(f)).map(([, h]) => h);
        assert.ok(expected.length > 0);
        assert.deepEqual([...ours].sort(), expected.sort());
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
