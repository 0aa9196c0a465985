import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ACK, FIN, SYN, TcpScenario } from '../helpers/tcpScenario';
import { FIX, runCli as run } from './runCli';
import Ajv from 'ajv-draft-04';

describe('pcap-inspector analyze and flows', () => {
  it("analyze prints the founding case's finding first, with evidence and fix", () => {
    const r = run('analyze', path.join(FIX, 'founding-tsecr.pcap'));
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[0], /22 packets, 1 TCP and 0 UDP conversations, 1 failed connection$/);
    assert.match(r.out, /^1\. \[ERROR\] SYN\/ACK from 10\.77\.2\.2:8080 echoes TSecr 2174718965/m);
    assert.match(r.out, /evidence frames 3, 4, 5, 6/);
    assert.match(r.out, /net\.ipv4\.tcp_timestamps = 0 \(on the client\)/);
    assert.match(r.out, /\$ sudo sysctl -w net\.ipv4\.tcp_timestamps=0/);
  });

  it('analyze --json prints { findings, flows } with the documented fields', () => {
    const r = run('analyze', path.join(FIX, 'refused.pcap'), '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.ok(Array.isArray(j.findings) && Array.isArray(j.flows));
    const f = j.findings[0];
    for (const k of ['rule', 'severity', 'title', 'explanation', 'streams', 'packets', 'fixes', 'count', 'confidence']) assert.ok(k in f, k);
    assert.equal(f.rule, 'tcp.handshake.refused');
    const flow = j.flows[0];
    for (const k of ['stream', 'client', 'server', 'state', 'history', 'outcome', 'packets', 'bytes', 'start', 'duration']) assert.ok(k in flow, k);
  });

  it("analyze --sarif is valid SARIF 2.1.0 (Microsoft's published schema)", () => {
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The published schema is JSON Schema draft-04, hence Ajv's draft-04 build.
    // Its "language" pattern is only valid without the u flag, so unicodeRegExp is off.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    for (const name of ['founding-tsecr.pcap', 'reject.pcap', 'http-ipv4.pcap']) {
      const r = run('analyze', path.join(FIX, name), '--sarif');
      assert.equal(r.code, 0, r.err);
      const log = JSON.parse(r.out) as {
        version: string;
        runs: Array<{
          results: Array<{ ruleId: string; level: string }>;
          tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string } }> } };
        }>;
      };
      assert.ok(validate(log), `${name}: ${ajv.errorsText(validate.errors)}`);
      assert.equal(log.version, '2.1.0');
      if (name === 'founding-tsecr.pcap') {
        assert.equal(log.runs[0].results[0].ruleId, 'tcp.handshake.tsecr-mismatch');
        assert.equal(log.runs[0].results[0].level, 'error');
        // The rule is described by its registry row, as its docs page titles it.
        assert.equal(log.runs[0].tool.driver.rules[0].shortDescription.text, "The SYN/ACK's TSecr does not echo any SYN's TSval");
      }
    }
    // The validator is not a rubber stamp: a broken log fails.
    assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false);
  });

  it('flows lists conversations; --json one object per line', () => {
    const text = run('flows', path.join(FIX, 'no-answer.pcap'));
    assert.match(text.out, /^stream\s+client\s+server\s+state\s+history\s+outcome/);
    assert.match(text.out, /tcp\/0 .* S0\s+S\s+no-answer/);
    const j = run('flows', path.join(FIX, 'http-ipv4.pcap'), '--json')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      j.map((f) => f.transport),
      ['tcp', 'udp'],
    );
    assert.equal(j[0].state, 'SF');
  });

  it('flows --checksums verifies checksums as Zeek does by default; other commands refuse it', () => {
    const sc = new TcpScenario({ checksums: true });
    sc.c(SYN, { options: sc.synOptions() });
    sc.s(SYN | ACK, { options: sc.synOptions() });
    sc.c(ACK);
    sc.c(FIN | ACK);
    sc.s(FIN | ACK, { badChecksum: true });
    sc.c(ACK);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-cli-'));
    const file = path.join(dir, 'bad-fin.pcap');
    fs.writeFileSync(file, sc.bytes());
    const plain = JSON.parse(run('flows', file, '--json').out);
    assert.equal(plain.state, 'SF');
    assert.equal(plain.history, 'ShAFf');
    const verified = run('flows', file, '--json', '--checksums');
    assert.equal(verified.code, 0, verified.err);
    const v = JSON.parse(verified.out);
    assert.equal(v.state, 'S2', 'the FIN with the bad checksum does not count');
    assert.match(v.history, /^ShAFc/);
    assert.equal(run('analyze', file, '--checksums').code, 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("packets --json carries tshark's analysis names", () => {
    const rows = run('packets', path.join(FIX, 'founding-tsecr.pcap'), '--json')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(rows[5].analysis, ['retransmission']);
    // tshark 4.0 says lost_segment + reused_ports here; it is the same attempt (README, deviations).
    assert.equal(rows[6].analysis, undefined);
    assert.equal(rows[6].tcp.seq, 0, 'relative numbering restarts at the new ISN, as in tshark');
    assert.match(rows[5].info, /^\[TCP Retransmission\] /);
    const http = run('packets', path.join(FIX, 'http-ipv4.pcap'), '--json')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const acked = http.find((r) => r.tcp?.ackRtt !== undefined);
    assert.ok(acked && acked.tcp.acksFrame < acked.no && acked.tcp.ackRtt > 0 && acked.tcp.ackRtt < 0.1, 'ack RTT of the segment it acknowledges');
    assert.ok(
      http.some((r) => r.tcp?.bytesInFlight > 0),
      'bytes in flight on data segments',
    );
    const loss = run('packets', path.join(FIX, 'loss.pcap'), '--json')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const dup = loss.find((r) => r.analysis?.includes('duplicate_ack'));
    assert.ok(dup.tcp.dupAckNum >= 1 && dup.tcp.dupAckFrame < dup.no);
  });
  describe('a file that could not be read is never called healthy', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcap-inspector-cli-'));
    const notCapture = path.join(dir, 'notes.pcap');
    const empty = path.join(dir, 'empty.pcap');
    const corruptGz = path.join(dir, 'loss.pcap.gz');
    fs.writeFileSync(notCapture, 'hello, this is not a capture\n');
    fs.writeFileSync(empty, '');
    const gz = gzipSync(fs.readFileSync(path.join(FIX, 'loss.pcap')));
    gz[Math.floor(gz.length / 2)] ^= 0xff;
    fs.writeFileSync(corruptGz, gz);
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const [what, file, reason] of [
      ['not a capture', notCapture, /Not a pcap or pcapng file/],
      ['empty', empty, /file is empty/],
    ] as const) {
      it(`analyze on a file that is ${what}: stdout says it could not be read (text, JSON, SARIF), exit 1`, () => {
        const text = run('analyze', file);
        assert.equal(text.code, 1);
        assert.doesNotMatch(text.out, /No problems found/);
        assert.match(text.out, /could not be read/);
        assert.match(text.out, reason);
        assert.match(text.out, /Nothing was analysed/);
        const json = JSON.parse(run('analyze', file, '--json').out);
        assert.equal(json.packets, 0);
        assert.match(json.readError.message, reason);
        const sarif = JSON.parse(run('analyze', file, '--sarif').out);
        assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
        assert.match(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, reason);
      });
    }

    it('a corrupt .gz is called a corrupt gzip stream with where, not "The file is empty"; the packets before it are analysed', () => {
      const r = run('analyze', corruptGz);
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.out + r.err, /file is empty/);
      assert.match(r.out, /gzip stream is corrupt near compressed byte \d+/);
      const packets = Number(/: (\d+) packets?,/.exec(r.out)?.[1]);
      assert.ok(packets > 0, `packets before the damage were analysed: ${r.out}`);
      assert.match(r.out, new RegExp(`Only the ${packets} packets before it were analysed`));
    });

    it('SARIF of an unreadable file is still valid SARIF 2.1.0', () => {
      const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
      const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
      const validate = ajv.compile(schema);
      const log = JSON.parse(run('analyze', notCapture, '--sarif').out);
      assert.ok(validate(log), ajv.errorsText(validate.errors));
    });
  });
});
