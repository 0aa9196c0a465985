import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCaptureFile, type Capture } from '../../../src/core/capture/openCapture';
import { followStream } from '../../../src/core/follow/followCapture';
import { parseKeyLog } from '../../../src/core/tls/keyLog';
import { decryptTlsStream, type TlsRecord } from '../../../src/core/tls/tlsSession';
import { dataLines, HAVE_TSHARK } from '../follow/tsharkFollow';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const FILE = path.join(FIXTURES, 'tls-keylog.pcap');
const KEYS = path.join(FIXTURES, 'tls-keylog.keys');

/**
 * tshark's decrypted Follow TLS Stream as (direction, hex) lines: its oracle for our plaintext.
 * Deviation: tshark 4.0 makes the sender of the first decrypted record node 0, which in TLS 1.3 is
 * the server (its encrypted handshake comes first); the TCP client stays the client here, so its
 * lines are flipped back for TLS 1.3 (`serverFirst`).
 */
function tsharkTlsFollow(stream: number, serverFirst: boolean): Array<[number, string]> {
  const r = spawnSync('tshark', ['-r', FILE, '-q', '-o', `tls.keylog_file:${KEYS}`, '-z', `follow,tls,raw,${stream}`], { encoding: 'utf8' });
  return dataLines(r.stdout).map((l) => [Number(l.startsWith('\t') !== serverFirst), l.trim()]);
}

/** Our application data, one line per record, in capture order: what tshark's follow shows. */
function ourAppData(records: TlsRecord[]): Array<[number, string]> {
  return records.filter((r) => r.contentType === 23 && r.plaintext?.length).map((r) => [r.direction, Buffer.from(r.plaintext!).toString('hex')]);
}

function decrypt(capture: Capture, stream: number, keyLogText = fs.readFileSync(KEYS, 'utf8')) {
  return decryptTlsStream(followStream(capture, { kind: 'tcp', stream })!, parseKeyLog(keyLogText));
}

describe('TLS decryption with an NSS key log (tls-keylog.pcap: six suites, TLS 1.2 and 1.3)', () => {
  let capture: Capture;
  before(async () => {
    capture = await openCaptureFile(FILE);
  });
  after(() => capture.close());

  const SUITES = [
    [0x0304, 'TLS_AES_128_GCM_SHA256'],
    [0x0304, 'TLS_AES_256_GCM_SHA384'],
    [0x0304, 'TLS_CHACHA20_POLY1305_SHA256'],
    [0x0303, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
    [0x0303, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
    [0x0303, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
  ] as const;

  SUITES.forEach(([version, name], stream) => {
    it(`stream ${stream}: ${name} decrypts to the request and response tshark shows, byte for byte`, function () {
      const d = decrypt(capture, stream);
      assert.equal(d.reason, undefined);
      assert.equal(d.suite?.name, name);
      assert.equal(d.version, version);
      assert.ok(
        d.records.every((r) => r.undecrypted === undefined),
        'every record opens',
      );
      const ours = ourAppData(d.records);
      assert.match(Buffer.from(ours[0][1], 'hex').toString('latin1'), new RegExp(`^GET /tls-${4441 + stream} HTTP/1\\.1\\r\\n`));
      assert.match(Buffer.from(ours[1][1], 'hex').toString('latin1'), /^HTTP\/1\.0 200 ok\r\n/);
      // The handshake's end is decrypted too: Finished (TLS 1.3: with the whole encrypted flight), close_notify alerts.
      assert.ok(
        d.records.some((r) => r.direction === 0 && r.contentType === 22 && r.plaintext?.[0] === 20),
        'the client Finished',
      );
      assert.deepEqual(
        d.records.filter((r) => r.contentType === 21).map((r) => [...r.plaintext!]),
        [
          [1, 0],
          [1, 0],
        ],
        'both close_notify alerts',
      );
      if (!HAVE_TSHARK) return console.log('      SKIP tshark comparison: tshark is not installed');
      assert.deepEqual(ours, tsharkTlsFollow(stream, version === 0x0304));
    });
  });

  it('records point at the packet holding their last byte, in capture order', () => {
    const d = decrypt(capture, 0);
    const request = d.records.find((r) => r.contentType === 23 && r.direction === 0)!;
    assert.equal(capture.index.dport[request.packet], 4441);
    if (HAVE_TSHARK) {
      const tshark = spawnSync(
        'tshark',
        [
          '-r',
          FILE,
          '-o',
          `tls.keylog_file:${KEYS}`,
          '-o',
          'http.tls.port:4441',
          '-Y',
          'tcp.stream == 0 && http.request',
          '-T',
          'fields',
          '-e',
          'frame.number',
        ],
        { encoding: 'utf8' },
      );
      assert.equal(request.packet + 1, Number(tshark.stdout.trim()), "tshark's frame of the decrypted request");
    }
    for (let k = 1; k < d.records.length; k++) assert.ok(d.records[k].packet >= d.records[k - 1].packet);
  });

  it('a session not in the key log says which client random is missing; nothing is decrypted', () => {
    const lines = fs.readFileSync(KEYS, 'utf8').split('\n');
    const d0 = decrypt(capture, 0);
    const others = lines.filter((l) => !l.includes(d0.clientRandom!)).join('\n');
    const d = decrypt(capture, 0, others);
    assert.equal(d.decryptable, false);
    assert.equal(d.reason, `no key for this session: CLIENT_RANDOM ${d0.clientRandom!.slice(0, 8)}… is not in the key log`);
    assert.ok(d.records.every((r) => !r.plaintext));
    assert.ok(d.records.filter((r) => r.contentType === 23).every((r) => r.undecrypted === d.reason));
  });

  it('a wrong secret fails authentication and says so, on every record after it', () => {
    const text = fs.readFileSync(KEYS, 'utf8');
    const d4 = decrypt(capture, 4);
    // Flip one hex digit of stream 4's master secret.
    const broken = text
      .split('\n')
      .map((l) => (l.startsWith(`CLIENT_RANDOM ${d4.clientRandom}`) ? l.slice(0, -1) + (l.endsWith('0') ? '1' : '0') : l))
      .join('\n');
    const d = decrypt(capture, 4, broken);
    assert.equal(d.decryptable, true);
    const protectedRecords = d.records.filter((r) => r.plaintext || r.undecrypted);
    assert.ok(protectedRecords.length >= 4);
    assert.ok(protectedRecords.every((r) => !r.plaintext && /^decryption failed/.test(r.undecrypted!)));
  });

  it('a bad key log line is reported with its line number and the rest is used', () => {
    const text = fs.readFileSync(KEYS, 'utf8');
    const log = parseKeyLog(
      `# written by curl\n${text.split('\n')[0]}\nCLIENT_RANDOM 12zz 00\nSERVER_TRAFFIC_SECRET_0 ${'ab'.repeat(32)}\nnot a key log line at all\n`,
    );
    assert.deepEqual(log.problems, [
      { line: 3, message: 'the client random must be 64 hex digits (32 bytes), found "12zz"' },
      { line: 4, message: 'expected "LABEL <client random> <secret>", found 2 fields' },
      { line: 5, message: 'expected "LABEL <client random> <secret>", found 7 fields' },
    ]);
    assert.equal(log.size, 1);
  });
});
