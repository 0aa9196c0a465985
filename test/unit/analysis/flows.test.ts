import { strict as assert } from 'node:assert';
import type { FlowSummary } from '../../../src/core/flows/flowTypes';
import { analyzeFixture } from './fixtureAnalysis';

async function flowsOf(name: string): Promise<FlowSummary[]> {
  const { capture, result } = await analyzeFixture(name);
  capture.close();
  return result.flows;
}

describe('conversations: Zeek state and history, our outcome', () => {
  it('founding case: one stream, client reset after SYN/ACK — Zeek says RSTO, we say handshake-reset-by-client', async () => {
    const [f] = (await flowsOf('founding-tsecr.pcap')).filter((x) => x.transport === 'tcp');
    assert.equal(f.client, '10.77.1.1:' + f.client.split(':')[1]);
    assert.equal(f.server, '10.77.2.2:8080');
    assert.equal(f.clientBy, 'syn');
    assert.equal(f.state, 'RSTO');
    assert.equal(f.history, 'ShR');
    assert.equal(f.outcome, 'handshake-reset-by-client');
    assert.equal(f.packets.client, 12);
    assert.equal(f.packets.server, 6);
    assert.equal(f.irtt, undefined, 'no final ACK, no initial RTT');
    assert.deepEqual(f.options?.client, { mss: 1460, wscale: 10, sackPerm: true, timestamps: true });
    const h = f.handshake!;
    assert.equal(h.syns.length, 6);
    assert.equal(h.synAcks.length, 6);
    assert.ok(h.synAcks.every((sa) => sa.echoesSyn === false && sa.tsecr === 2174718965 && sa.tsval === 0));
    assert.equal(h.resets.length, 6);
    assert.equal(h.finalAck, undefined);
    assert.deepEqual(
      h.retryIntervals.map((x) => Math.round(x)),
      [1, 2, 4, 8, 16],
      'exponential SYN backoff',
    );
  });

  it("a normal HTTP exchange is SF / closed with an initial RTT and both sides' options", async () => {
    const f = (await flowsOf('http-ipv4.pcap')).find((x) => x.transport === 'tcp')!;
    assert.equal(f.state, 'SF');
    assert.equal(f.outcome, 'closed');
    assert.match(f.history!, /^ShAD.*F/i);
    assert.ok(f.irtt! > 0 && f.irtt! < 0.01, `irtt ${f.irtt}`);
    assert.ok(f.payload.server > 20000, 'the 20 KB body');
    assert.equal(f.options?.server?.mss, 1460);
    assert.equal(f.handshake?.synAcks[0].echoesSyn, true);
    assert.equal(f.handshake?.finalAck, f.firstFrame + 2);
  });

  it('Zeek histories of the recorded captures', async () => {
    const history = async (name: string) => (await flowsOf(name)).filter((f) => f.transport === 'tcp').map((f) => `${f.state} ${f.history}`);
    // A normal exchange: the server closes first here.
    assert.deepEqual(await history('http-ipv4.pcap'), ['SF ShADadfF']);
    // The client advertises a zero window (W) while the server keeps sending.
    assert.deepEqual(await history('zero-window.pcap'), ['SF ShAdWafF']);
    // Snap length 128 keeps the server's payload out of the capture: Zeek reassembles none of it, so
    // the client's ACKs pass over content gaps (g, 10+ of them: gg), and the server retransmits (t).
    assert.deepEqual(await history('loss.pcap'), ['SF ShAdggtfFa']);
    // linger0: the server resets after data (SO_LINGER 0), with or without its own data first.
    assert.deepEqual(await history('linger0.pcap'), ['RSTR ShADadr', 'RSTR ShADar']);
    const udp = (await flowsOf('http-ipv4.pcap')).find((f) => f.transport === 'udp')!;
    assert.equal(`${udp.state} ${udp.history}`, 'SF Dd', 'DNS query and answer');
    for (const f of (await flowsOf('udp-unreachable.pcap')).filter((x) => x.transport === 'udp')) assert.equal(`${f.state} ${f.history}`, 'S0 D');
    for (const f of (await flowsOf('any-sll.pcap')).filter((x) => x.transport === 'icmp')) assert.equal(f.state, 'OTH');
  });

  it('ICMP conversations per address pair', async () => {
    const icmp = (await flowsOf('any-sll2.pcap')).filter((x) => x.transport === 'icmp');
    assert.equal(icmp.length, 1);
    assert.equal(icmp[0].packets.client, icmp[0].packets.server, 'each echo request answered');
  });

  it('refused connections are REJ / refused; unanswered SYNs S0 / no-answer', async () => {
    for (const f of (await flowsOf('refused.pcap')).filter((x) => x.transport === 'tcp')) {
      assert.equal(f.state, 'REJ');
      assert.equal(f.history, 'Sr');
      assert.equal(f.outcome, 'refused');
    }
    const [n] = await flowsOf('no-answer.pcap');
    assert.equal(n.state, 'S0');
    assert.equal(n.history, 'S');
    assert.equal(n.outcome, 'no-answer');
    assert.equal(n.packets.client, 4);
  });

  it('ICMP-rejected SYNs become refused once the diagnosis sees the ICMP error', async () => {
    const flows = (await flowsOf('reject.pcap')).filter((x) => x.transport === 'tcp');
    assert.deepEqual(
      flows.map((f) => f.outcome),
      ['refused', 'refused', 'refused', 'refused'],
    );
  });

  it('a server RST after data is RSTR / aborted', async () => {
    const flows = (await flowsOf('linger0.pcap')).filter((x) => x.transport === 'tcp');
    assert.ok(flows.length === 2);
    for (const f of flows) {
      assert.equal(f.state, 'RSTR');
      assert.equal(f.outcome, 'aborted');
    }
  });

  it('timestamps on one side only are visible in the offered options', async () => {
    const f = (await flowsOf('ts-one-side.pcap')).find((x) => x.transport === 'tcp')!;
    assert.equal(f.options?.client?.timestamps, false);
    assert.equal(f.options?.server?.timestamps, false, 'a server answers without TS when the SYN had none');
  });

  it('UDP conversations pick the service side as server', async () => {
    const dns = (await flowsOf('http-ipv4.pcap')).find((x) => x.transport === 'udp')!;
    assert.match(dns.server, /:53$/);
    assert.equal(dns.packets.client, 1);
    assert.equal(dns.packets.server, 1);
  });
});
