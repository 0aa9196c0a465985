import { strict as assert } from 'node:assert';
import { tcpOptionTips } from '../../../src/core/knowledge/tcpOptionTips';
import { analyzeFixture } from '../analysis/fixtureAnalysis';

describe('TCP option tips in context (Info column and detail tree tooltips)', () => {
  it('founding case: the SYN/ACK TSecr that echoes no SYN is flagged and names the SYN it should echo', async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    const synAck = tcpOptionTips(capture, 3, result.verdicts);
    const syn = tcpOptionTips(capture, 2, result.verdicts);
    capture.close();
    const tsecr = synAck.find((t) => t.field === 'tcp.options.timestamp.tsecr')!;
    assert.equal(tsecr.token, 'TSecr=2174718965');
    assert.equal(tsecr.warn, true);
    assert.match(tsecr.tip, /^Timestamps — TCP option kind 8 \(RFC 7323 §3\), 10 bytes\nTSecr 2174718965 does not echo the SYN's TSval 340731516 \(frame 3\)/);
    assert.match(syn.find((t) => t.token === 'TSecr=0')!.tip, /nothing to echo yet/);
    assert.match(syn.find((t) => t.token === 'MSS=1460')!.tip, /1460 \+ 40 bytes of headers = 1500-byte packets — a 1500-byte Ethernet MTU/);
    assert.match(syn.find((t) => t.token === 'WS=1024')!.tip, /Shift 10: the client's window field is multiplied by 1024/);
  });

  it('a clean handshake: the SYN/ACK echoes the SYN, SACK is in use on both sides', async () => {
    const { capture, result } = await analyzeFixture('http-ipv4.pcap');
    const flow = result.flows.find((f) => f.transport === 'tcp' && f.stream === 0);
    const tips = tcpOptionTips(capture, flow!.handshake!.synAcks[0].frame - 1, result.verdicts);
    capture.close();
    assert.match(tips.find((t) => t.field === 'tcp.options.timestamp.tsecr')!.tip, /Echoes the SYN's TSval \(frame \d+\)/);
    assert.match(tips.find((t) => t.token === 'SACK_PERM')!.tip, /Both sides offered it/);
    assert.equal(
      tips.some((t) => t.warn),
      false,
    );
  });
});
