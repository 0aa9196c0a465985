import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { lineTokens, tokenAt } from '../../../src/core/knowledge/packetLineTokens';
import { tcpTokenNotes, tokenNoteMarkdown } from '../../../src/core/knowledge/tcpTokenNotes';
import { packetLine } from '../../../src/core/summary/packetLine';
import { analyzeFixture } from '../analysis/fixtureAnalysis';
import { runCli } from '../cli/runCli';
import { FIXTURES } from '../golden/tsharkGolden';

const SYN_ACK =
  ' 4   0.018647000       10.77.2.2 → 10.77.1.1       TCP       74 8080 → 35034 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM TSval=0 TSecr=2174718965 WS=1024';

describe('packet text lines and the tokens hovers explain', () => {
  it('packetLine prints exactly what `packets` prints, for every fixture packet', async () => {
    for (const name of ['founding-tsecr.pcap', 'loss.pcap', 'http-ipv6.pcapng']) {
      const { capture } = await analyzeFixture(name);
      try {
        const cli = runCli('packets', path.join(FIXTURES, name)).out.trimEnd().split('\n');
        assert.deepEqual(
          Array.from({ length: capture.index.count }, (_, i) => packetLine(capture, i)),
          cli,
          name,
        );
      } finally {
        capture.close();
      }
    }
  });

  it('finds options, header fields and flags, not the analysis tags', () => {
    const names = lineTokens(SYN_ACK).map((t) => t.name);
    assert.deepEqual(names, ['SYN', 'ACK', 'Seq', 'Ack', 'Win', 'Len', 'MSS', 'SACK_PERM', 'TSval', 'TSecr', 'WS']);
    const retrans = lineTokens(' 6   1.017255000       10.77.1.1 → 10.77.2.2       TCP       74 [TCP Retransmission] 35034 → 8080 [SYN] Seq=0 Win=64240 Len=0');
    assert.deepEqual(
      retrans.map((t) => t.name),
      ['SYN', 'Seq', 'Win', 'Len'],
    );
    const col = SYN_ACK.indexOf('TSecr=');
    assert.deepEqual(tokenAt(SYN_ACK, col + 8), { name: 'TSecr', value: '2174718965', occurrence: 0, start: col, end: col + 'TSecr=2174718965'.length });
    assert.equal(tokenAt(SYN_ACK, SYN_ACK.indexOf('10.77.2.2')), undefined);
  });

  it('numbers repeated SACK blocks', () => {
    const t = lineTokens('x 1 → 2 [ACK] Seq=1 Ack=1 Win=5 Len=0 SLE=10 SRE=20 SLE=30 SRE=40');
    assert.deepEqual(
      t.filter((x) => x.name === 'SLE').map((x) => [x.value, x.occurrence]),
      [
        ['10', 0],
        ['30', 1],
      ],
    );
  });
});

describe('token notes: what a TCP option or flag means in its flow', () => {
  it('founding case: the SYN/ACK TSecr does not echo the SYN TSval; the SYN TSecr is 0 as it must be', async () => {
    const { capture, result } = await analyzeFixture('founding-tsecr.pcap');
    try {
      const synAck = tcpTokenNotes(capture, result, 3);
      const tsecr = synAck.find((n) => n.token === 'TSecr')!;
      assert.equal(tsecr.heading, 'Timestamps option (kind 8, 10 bytes) · RFC 7323 §3');
      assert.match(tsecr.meaning, /^TSecr 2174718965 does not echo the SYN's TSval 340731516 \(frame 3\), nor any TSval the client sent/);
      assert.match(synAck.find((n) => n.token === 'WS')!.meaning, /multiplied by 1024\. The client's SYN \(frame 3\) offers WS=1024 too/);
      assert.match(synAck.find((n) => n.token === 'TSval')!.meaning, /No later packet from the peer echoes/);
      const syn = tcpTokenNotes(capture, result, 2);
      assert.match(syn.find((n) => n.token === 'TSecr')!.meaning, /nothing to echo yet/);
      assert.match(syn.find((n) => n.token === 'TSval')!.meaning, /The peer's next packet \(frame 4\) echoes 2174718965 instead/);
      assert.match(syn.find((n) => n.token === 'Win')!.meaning, /never scaled/);
      assert.match(tcpTokenNotes(capture, result, 5).find((n) => n.token === 'SYN')!.meaning, /Attempt 2 of this SYN: the earlier ones \(frame 3\)/);
      const md = tokenNoteMarkdown(tsecr, [{ rule: 'tcp.handshake.tsecr-mismatch', title: 'x' }]);
      assert.match(
        md,
        /^\*\*Timestamps option.*\*\*\n\nTSval is the sender's clock.*\n\n\*In this packet:\* TSecr 2174718965 does not echo.*\n\nEvidence for `tcp\.handshake\.tsecr-mismatch`: x$/s,
      );
      assert.deepEqual(tcpTokenNotes(capture, result, 0), [], 'ARP has no TCP tokens');
    } finally {
      capture.close();
    }
  });

  it("a UDP packet whose stream number is also a TCP stream's gets no TCP notes", async () => {
    const { capture, result } = await analyzeFixture('http-ipv4.pcap');
    try {
      // Frame 3 is the DNS query (udp.stream 0); tcp.stream 0 is the HTTP connection.
      assert.equal(capture.index.stream[2], 0);
      assert.deepEqual(tcpTokenNotes(capture, result, 2), []);
    } finally {
      capture.close();
    }
  });

  it('an established flow: TSecr echoes, the window is scaled', async () => {
    const { capture, result } = await analyzeFixture('loss.pcap');
    try {
      const ack = tcpTokenNotes(capture, result, 19);
      assert.match(ack.find((n) => n.token === 'TSecr')!.meaning, /^Echoes the TSval of an earlier peer segment \(frame 15\)/);
      assert.equal(
        ack.find((n) => n.token === 'Win')!.meaning,
        'Window field 72 × 2^10 (the WS this side offered in its SYN) = an effective receive window of 73728 bytes.',
      );
      const sacks = [];
      for (let i = 0; i < capture.index.count && !sacks.length; i++) sacks.push(...tcpTokenNotes(capture, result, i).filter((n) => n.token === 'SLE'));
      assert.ok(sacks.length, 'loss.pcap has SACK blocks');
      assert.match(sacks[0].heading, /^SACK option \(kind 5, \d+ bytes\) · RFC 2018 §3$/);
      assert.match(sacks[0].meaning, /bytes from \d+ to \d+ are missing/);
    } finally {
      capture.close();
    }
  });
});
