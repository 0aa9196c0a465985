import { strict as assert } from 'node:assert';
import { ladderModel } from '../../../src/core/diagram/ladderModel';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

describe('handshake / ladder diagram model', () => {
  it('founding case: SYN → SYN/ACK (bad TSecr marked and explained) → RST with its cause, retries annotated', async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    const m = ladderModel(capture, result, 0)!;
    capture.close();
    assert.equal(m.client.startsWith('10.77.1.1:'), true);
    assert.equal(m.server, '10.77.2.2:8080');
    assert.match(m.middle!.label, /middlebox/);
    assert.deepEqual(
      m.arrows.slice(0, 4).map((a) => a.from),
      ['client', 'server', 'client', 'client'],
    );
    const synAck = m.arrows[1];
    const bad = synAck.tokens.find((t) => t.text === 'TSecr=2174718965')!;
    assert.equal(bad.warn, true);
    assert.match(bad.tip!, /does not echo the SYN's TSval \d+ \(frame 3\)/);
    assert.equal(synAck.warn, true);
    const rst = m.arrows[2];
    assert.ok(rst.tokens.some((t) => t.text === '[RST]'));
    assert.match(rst.note!, /echoes TSecr 2174718965/);
    const laterResets = m.arrows.filter((a) => a.tokens.some((t) => t.text === '[RST]')).slice(1);
    assert.equal(laterResets.length, 5);
    assert.ok(
      laterResets.every((a) => /Client rejects the SYN\/ACK \(packet \d+\): its TSecr does not echo the SYN/.test(a.note ?? '')),
      'every reset has its cause',
    );
    const retries = m.arrows.filter((a) => a.note?.includes('SYN retry')).map((a) => Math.round(Number(/\+([\d.]+) s/.exec(a.note!)![1])));
    assert.deepEqual(retries, [1, 2, 4, 8, 16]);
    const mss = m.arrows[0].tokens.find((t) => t.text === 'MSS=1460')!;
    assert.match(mss.tip!, /Maximum segment size \(kind 2, 4 bytes, RFC 9293/);
  });

  it('a clean handshake has no warnings and no middle lane', async () => {
    const { capture, result } = await analyzeFixture('http-ipv4.pcap');
    const m = ladderModel(capture, result, 0)!;
    capture.close();
    assert.equal(m.middle, undefined);
    // The only finding is the info 404 of GET /missing (http.client-error): its request and response are marked as its evidence, nothing else.
    const info = new Set(result.findings.filter((f) => f.severity === 'info').flatMap((f) => f.packets));
    assert.deepEqual(
      m.arrows.filter((a) => a.warn).map((a) => a.frame),
      [...info].sort((a, b) => a - b),
    );
    assert.equal(
      m.arrows.some((a) => a.tokens.some((t) => t.warn && !t.text.startsWith('[TCP Window'))),
      false,
    );
    assert.match(m.arrows[1].tokens.find((t) => t.text.startsWith('TSecr='))!.tip!, /Echoes the SYN's TSval/);
  });
});
