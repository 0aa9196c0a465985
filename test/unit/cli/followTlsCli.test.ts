import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HAVE_TSHARK } from '../follow/tsharkFollow';
import { runCli } from './runCli';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const FILE = path.join(FIXTURES, 'tls-keylog.pcap');
const KEYS = path.join(FIXTURES, 'tls-keylog.keys');

/** The lines after the banner's Node lines (tshark 4.0 prints Follow TLS's second node as ":0"). */
const body = (text: string) => text.split('\n').slice(text.split('\n').findIndex((l) => l.startsWith('Node 1:')) + 1);

describe('pcap-inspector follow --tls-keylog (Follow TLS Stream)', () => {
  for (const stream of [3, 4, 5]) {
    it(`TLS 1.2 stream ${stream}: the decrypted ascii follow equals tshark's -z follow,tls,ascii`, function () {
      const ours = runCli('follow', FILE, '--stream', String(stream), '--tls-keylog', KEYS);
      assert.equal(ours.code, 0, ours.err);
      assert.match(
        ours.out,
        new RegExp(`Follow: tls,ascii\\nFilter: tcp\\.stream eq ${stream}\\nNode 0: 10\\.77\\.0\\.1:\\d+\\nNode 1: 10\\.77\\.0\\.2:${4441 + stream}\\n`),
      );
      assert.match(ours.out, /^GET \/tls-444\d HTTP\/1\.1$/m);
      if (!HAVE_TSHARK) return console.log('      SKIP tshark comparison: tshark is not installed');
      const tshark = spawnSync('tshark', ['-r', FILE, '-q', '-o', `tls.keylog_file:${KEYS}`, '-z', `follow,tls,ascii,${stream}`], { encoding: 'utf8' }).stdout;
      assert.deepEqual(body(ours.out), body(tshark));
    });
  }

  it("a TLS 1.3 stream in hex, one direction: the server's decrypted response", () => {
    const r = runCli('follow', FILE, '--stream', '1', '--tls-keylog', KEYS, '--format', 'hex', '--direction', 'server');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^00000000 {2}48 54 54 50 2f 31 2e 30 {2}20 32 30 30 20 6f 6b 0d {2}HTTP\/1\.0 {2}200 ok\.$/m);
    assert.doesNotMatch(r.out, /GET \/tls/);
  });

  it('says why a stream cannot be decrypted, and reports bad key log lines by number', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-keylog-'));
    const partial = path.join(dir, 'partial.keys');
    // Only the first session's lines, and a broken one.
    const lines = fs.readFileSync(KEYS, 'utf8').split('\n').filter(Boolean);
    const first = lines[0].split(' ')[1];
    fs.writeFileSync(partial, [...lines.filter((l) => l.split(' ')[1] === first), 'CLIENT_RANDOM nothex'].join('\n'));
    const r = runCli('follow', FILE, '--stream', '5', '--tls-keylog', partial);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`${path.basename(partial)}:\\d+: expected "LABEL <client random> <secret>", found 2 fields`));
    assert.match(r.err, /TCP stream 5 cannot be decrypted: no key for this session: CLIENT_RANDOM [0-9a-f]{8}… is not in the key log/);
    const empty = path.join(dir, 'empty.keys');
    fs.writeFileSync(empty, '# nothing\n');
    assert.equal(runCli('follow', FILE, '--stream', '0', '--tls-keylog', empty).code, 2);
    assert.equal(runCli('follow', FILE, '--udp-stream', '0', '--tls-keylog', KEYS).code, 2);
  });
});
