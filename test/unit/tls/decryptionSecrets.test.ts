import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCaptureFile } from '../../../src/core/capture/openCapture';
import { summarize } from '../../../src/core/summary/packetSummary';
import { tlsDecryptionOf } from '../../../src/core/tls/tlsDecryption';
import { runCli } from '../cli/runCli';
import { HAVE_TSHARK } from '../follow/tsharkFollow';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const FILE = path.join(FIXTURES, 'tls-keylog.pcap');
const KEYS = path.join(FIXTURES, 'tls-keylog.keys');
const HAVE_EDITCAP = spawnSync('editcap', ['-h'], { encoding: 'utf8' }).status === 0;

/** The frames whose Info is an HTTP request line, 1-based. */
async function httpRequests(file: string): Promise<number[]> {
  const capture = await openCaptureFile(file);
  try {
    const out: number[] = [];
    for (let i = 0; i < capture.index.count; i++) if (/^GET \/tls-44\d\d HTTP\/1\.1$/.test(summarize(capture, i).info)) out.push(i + 1);
    return out;
  } finally {
    capture.close();
  }
}

describe('pcapng Decryption Secrets Blocks (keys inside the capture)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-dsb-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('inject-secrets writes a pcapng copy that decrypts without a key log: here, and in tshark', async () => {
    const out = path.join(dir, 'injected.pcapng');
    const r = runCli('inject-secrets', FILE, KEYS, '-o', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /122 packets and the key log \(6 TLS sessions\) written to/);
    // The original without keys shows no request; the copy shows all six, with no key log given.
    assert.deepEqual(await httpRequests(FILE), []);
    const ours = await httpRequests(out);
    assert.equal(ours.length, 6);
    const copy = await openCaptureFile(out);
    try {
      assert.equal(copy.index.format?.decryptionSecretsBlocks, 1);
      assert.equal(copy.index.tlsKeyLogs[0], fs.readFileSync(KEYS, 'utf8'));
      assert.equal(tlsDecryptionOf(copy)?.keys.size, 6);
    } finally {
      copy.close();
    }
    if (!HAVE_TSHARK) return console.log('      SKIP tshark reading the copy: tshark is not installed');
    const tshark = spawnSync('tshark', ['-r', out, '-Y', 'http.request', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
    assert.deepEqual(tshark.stdout.trim().split('\n').map(Number), ours, 'tshark decrypts the copy with the embedded keys alone');
  });

  it("reads editcap --inject-secrets's block and decrypts with it", async function () {
    if (!HAVE_EDITCAP) return this.skip();
    const out = path.join(dir, 'editcap.pcapng');
    const e = spawnSync('editcap', ['--inject-secrets', `tls,${KEYS}`, FILE, out], { encoding: 'utf8' });
    assert.equal(e.status, 0, e.stderr);
    assert.equal((await httpRequests(out)).length, 6);
  });

  it('export keeps the keys a capture embeds', async () => {
    const injected = path.join(dir, 'again.pcapng');
    assert.equal(runCli('inject-secrets', FILE, KEYS, '-o', injected).code, 0);
    const exported = path.join(dir, 'exported.pcapng');
    const r = runCli('export', injected, '-Y', 'tcp.stream == 1', '-o', exported);
    assert.equal(r.code, 0, r.err);
    // tcp.stream 1 alone (23 frames, as tshark's conversation table counts it), its request still decrypted.
    const requests = await httpRequests(exported);
    assert.equal(requests.length, 1);
    const copy = await openCaptureFile(exported);
    try {
      assert.equal(copy.index.count, 23);
      assert.equal(summarize(copy, requests[0] - 1).info, 'GET /tls-4442 HTTP/1.1');
    } finally {
      copy.close();
    }
  });

  it('refuses what cannot hold or find keys: a .pcap output, a key log without keys', () => {
    const pcap = runCli('inject-secrets', FILE, KEYS, '-o', path.join(dir, 'x.pcap'));
    assert.equal(pcap.code, 2);
    assert.match(pcap.err, /only pcapng holds decryption secrets/);
    const empty = path.join(dir, 'empty.keys');
    fs.writeFileSync(empty, '# nothing\n');
    const none = runCli('inject-secrets', FILE, empty, '-o', path.join(dir, 'y.pcapng'));
    assert.equal(none.code, 1);
    assert.match(none.err, /holds no TLS key/);
  });
});
