import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIX, runCli } from './runCli';

const FILE = path.join(FIX, 'tls-http-errors.pcap');
const KEYS = path.join(FIX, 'tls-http-errors.keys');

/** tshark 4.0 with the key log (goldens/tls-http-errors.pcap.decrypted.tsv): frame → Info of its HTTP frames. */
function tsharkHttpInfo(): Map<number, string> {
  const rows = fs.readFileSync(path.join(FIX, 'goldens/tls-http-errors.pcap.decrypted.tsv'), 'utf8').split('\n').slice(1);
  const out = new Map<number, string>();
  for (const r of rows) {
    const [frame, protocol, info] = r.split('\t');
    if (protocol === 'HTTP') out.set(Number(frame), info.trimEnd());
  }
  return out;
}

describe('--tls-keylog on packets and analyze (tls-http-errors.pcap: HTTPS with 200, 500, 404)', () => {
  it('packets: the decrypted frames read as tshark with keys (HTTP request and status lines)', () => {
    const r = runCli('packets', FILE, '--tls-keylog', KEYS);
    assert.equal(r.code, 0, r.err);
    const ours = new Map<number, string>();
    for (const line of r.out.split('\n')) {
      const m = /^\s*(\d+)\s+\S+\s+\S+ → \S+\s+HTTP\s+\d+ (.*)$/.exec(line);
      if (m) ours.set(Number(m[1]), m[2]);
    }
    const tshark = tsharkHttpInfo();
    assert.equal(tshark.size, 6);
    assert.deepEqual(ours, tshark);
    // Without the key log the same frames are encrypted application data.
    const plain = runCli('packets', FILE);
    assert.doesNotMatch(plain.out, / HTTP /);
  });

  it('analyze: the HTTP rules read the decrypted responses (500 and 404), and only with the key log', () => {
    const r = runCli('analyze', FILE, '--tls-keylog', KEYS, '--json');
    assert.equal(r.code, 0, r.err);
    const rules = (JSON.parse(r.out).findings as Array<{ rule: string; packets: number[] }>).filter((f) => f.rule.startsWith('http.'));
    assert.deepEqual(
      rules.map((f) => [f.rule, f.packets]),
      [
        ['http.server-error', [28, 30]],
        ['http.client-error', [43, 45]],
      ],
    );
    const plain = JSON.parse(runCli('analyze', FILE, '--json').out).findings as Array<{ rule: string }>;
    assert.ok(!plain.some((f) => f.rule.startsWith('http.')));
  });

  it('a key log that cannot be read is an error; the option belongs to packets, analyze and follow', () => {
    const missing = runCli('packets', FILE, '--tls-keylog', path.join(FIX, 'no-such.keys'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read the key log .*no-such\.keys/);
    const info = runCli('info', FILE, '--tls-keylog', KEYS);
    assert.equal(info.code, 2);
    assert.match(info.err, /--tls-keylog is an option of packets, analyze and follow, not info/);
    const bare = runCli('packets', FILE, '--tls-keylog');
    assert.equal(bare.code, 2);
    assert.match(bare.err, /--tls-keylog needs a key log file/);
  });

  it('analyze reads an alert TLS 1.3 encrypted (tls-alert-encrypted.pcap: the server requires a client certificate): found with the key log, invisible without', () => {
    const file = path.join(FIX, 'tls-alert-encrypted.pcap');
    const findings = (...extra: string[]) => {
      const r = runCli('analyze', file, '--json', ...extra);
      assert.equal(r.code, 0, r.err);
      return (JSON.parse(r.out) as { findings: Array<{ rule: string; title: string; packets: number[] }> }).findings;
    };
    const alerts = findings('--tls-keylog', path.join(FIX, 'tls-alert-encrypted.keys')).filter((f) => f.rule === 'tls.alert');
    // tshark with the key log: frame 9, from port 4450, Alert (Level: Fatal, Description: Certificate Required).
    assert.equal(alerts.length, 1);
    assert.match(alerts[0].title, /^TLS fatal alert certificate_required \(116\) from the server 10\.77\.0\.2:4450/);
    assert.deepEqual(alerts[0].packets.slice(-1), [9]);
    assert.deepEqual(
      findings().filter((f) => f.rule === 'tls.alert'),
      [],
    );
  });
});
