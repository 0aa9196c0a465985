import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import type { AnalysisResult } from '../../../src/core/analysis';
import type { Capture } from '../../../src/core/capture/openCapture';
import { ladderModel } from '../../../src/core/diagram/ladderModel';
import type { LadderToken } from '../../../src/core/diagram/ladderTypes';
import type { Finding } from '../../../src/core/diagnosis/finding';
import { mssMissingText, strippedText } from '../../../src/core/knowledge/optionNegotiationText';
import { senderCheckTag, senderCheckText } from '../../../src/core/knowledge/senderText';
import type { OptionTip } from '../../../src/core/knowledge/tcpOptionTips';
import { tcpOptionTips } from '../../../src/core/knowledge/tcpOptionTips';
import type { TokenNote } from '../../../src/core/knowledge/tcpTokenNotes';
import { tcpTokenNotes } from '../../../src/core/knowledge/tcpTokenNotes';
import { timestampEchoText } from '../../../src/core/knowledge/timestampEchoText';
import { windowScaleOptionText } from '../../../src/core/knowledge/windowScaleText';
import { timestampEchoTag } from '../../../src/core/verdicts/timestampEcho';
import { analyzeFixture } from '../analysis/fixtureAnalysis';
import { ACK, PSH, RST, SYN, TcpScenario } from '../helpers/tcpScenario';

/** Every surface a user reads about one packet: the findings, the Info/detail tooltip, the text-view hover, the diagram. */
interface Surfaces {
  capture: Capture;
  result: AnalysisResult;
  findings: Finding[];
  tips: OptionTip[];
  notes: TokenNote[];
  ladder: LadderToken[];
}

function surfaces(sc: TcpScenario, packet: number): Surfaces {
  const capture = sc.capture();
  const result = analyzeCapture(capture);
  const arrow = ladderModel(capture, result, 0)!.arrows.find((a) => a.frame === packet + 1)!;
  return {
    capture,
    result,
    findings: result.findings,
    tips: tcpOptionTips(capture, packet, result.verdicts),
    notes: tcpTokenNotes(capture, result, packet),
    ladder: arrow.tokens,
  };
}

/** A handshake whose SYN/ACK (frame 2) carries TSval/TSecr, then the client's answer. */
function echoCase(tsval: number, tsecr: number, answer: 'ack' | 'rst'): TcpScenario {
  const sc = new TcpScenario();
  sc.c(SYN, { options: [2, 4, 5, 180, 4, 2, ...sc.tsOption(1000, 0), 1, 3, 3, 7] });
  sc.s(SYN | ACK, { options: [2, 4, 5, 180, 4, 2, ...sc.tsOption(tsval, tsecr), 1, 3, 3, 7] });
  if (answer === 'ack') {
    sc.c(ACK, { options: sc.tsOption(1001, tsval) });
    sc.c(PSH | ACK, { payload: 20, options: sc.tsOption(1002, tsval) });
  } else {
    sc.c(RST);
  }
  return sc;
}

/** A handshake with the given SYN and SYN/ACK options. */
function optionCase(client: number[], server: number[]): TcpScenario {
  const sc = new TcpScenario();
  sc.c(SYN, { options: client });
  sc.s(SYN | ACK, { options: server });
  sc.c(ACK);
  return sc;
}

/**
 * Issue 11: tooltips, hovers and the diagram render the verdict; none decides again. Each flow
 * carries one unusual value; every surface must tell the same story — the verdict's own text,
 * tagged with the verdict's kind — and the finding (or its absence) must match.
 */
describe('one verdict, one story: findings, tooltips, hovers and the diagram agree', () => {
  const echoCases: Array<{ name: string; tsval: number; tsecr: number; answer: 'ack' | 'rst'; tag: string; rule: string; severity: string }> = [
    {
      name: 'TSecr mismatch, rejected by the client',
      tsval: 5555,
      tsecr: 777_777,
      answer: 'rst',
      tag: 'timestamp-echo:mismatch:rejected',
      rule: 'tcp.handshake.tsecr-mismatch',
      severity: 'error',
    },
    {
      name: 'TSecr mismatch, accepted by the client',
      tsval: 5555,
      tsecr: 777_777,
      answer: 'ack',
      tag: 'timestamp-echo:mismatch:accepted',
      rule: 'tcp.handshake.tsecr-mismatch',
      severity: 'warning',
    },
    {
      name: "TSecr 0 with TSval 5555, then ACKed (the issue's example)",
      tsval: 5555,
      tsecr: 0,
      answer: 'ack',
      tag: 'timestamp-echo:zero-tsecr:accepted',
      rule: 'tcp.handshake.zero-timestamps',
      severity: 'info',
    },
    {
      name: 'TSval = TSecr = 0, then ACKed',
      tsval: 0,
      tsecr: 0,
      answer: 'ack',
      tag: 'timestamp-echo:zero-both:accepted',
      rule: 'tcp.handshake.zero-timestamps',
      severity: 'info',
    },
  ];
  for (const c of echoCases) {
    it(`${c.name}: ${c.rule} (${c.severity}), and the same verdict in the tooltip, the hover and the diagram`, () => {
      const s = surfaces(echoCase(c.tsval, c.tsecr, c.answer), 1);
      const verdict = s.result.verdicts.timestampEcho(s.result.verdicts.ref(0)!, 1)!;
      const text = timestampEchoText(verdict);
      assert.equal(timestampEchoTag(verdict), c.tag);
      const finding = s.findings.find((f) => f.rule === c.rule)!;
      assert.ok(finding, s.findings.map((f) => f.rule).join());
      assert.equal(finding.severity, c.severity);
      assert.ok(finding.explanation.includes(text), finding.explanation);
      assert.ok(finding.packets.includes(2), 'the SYN/ACK is evidence: the diagram marks its arrow');
      const tip = s.tips.find((t) => t.field === 'tcp.options.timestamp.tsecr')!;
      const note = s.notes.find((n) => n.token === 'TSecr')!;
      const token = s.ladder.find((t) => t.text === `TSecr=${c.tsecr}`)!;
      assert.ok(tip.tip.includes(text));
      assert.equal(note.meaning, text);
      assert.equal(token.tip, text);
      assert.deepEqual([tip.verdict, note.verdict, token.verdict], [c.tag, c.tag, c.tag]);
      assert.deepEqual([tip.warn, token.warn], [true, true], 'non-conformant: marked in the tooltip and the diagram');
      assert.equal(ladderModel(s.capture, s.result, 0)!.arrows[1].warn, true);
      // None of them says the client rejected what it accepted.
      const all = [finding.explanation, tip.tip, note.meaning, token.tip!];
      if (c.answer === 'ack') for (const t of all) assert.doesNotMatch(t, /client rejected it|rejects this SYN\/ACK and resets/);
      if (c.tsecr === 0) for (const t of all) assert.match(t, /non-conformant \(RFC 7323 §3\.2\), but accepted by Linux/);
    });
  }

  it('window scale not answered: no finding, and "off in both directions" in the tooltip, the hover and the diagram', () => {
    const s = surfaces(optionCase([2, 4, 5, 180, 1, 3, 3, 7], [2, 4, 5, 180]), 0);
    const v = s.result.verdicts.windowScaling(s.result.verdicts.ref(0)!);
    const text = windowScaleOptionText(v, 'client', s.result.verdicts.negotiation(s.result.verdicts.ref(0)!));
    assert.match(text, /The server's SYN\/ACK \(frame 2\) has no window scale option, so scaling is off in both directions/);
    assert.deepEqual(s.findings, []);
    const tip = s.tips.find((t) => t.token === 'WS=128')!;
    assert.ok(tip.tip.includes(text));
    assert.equal(s.notes.find((n) => n.token === 'WS')!.meaning, text);
    assert.ok(s.ladder.find((t) => t.text === 'WS=128')!.tip!.endsWith(text));
    assert.deepEqual(
      [tip.verdict, s.notes.find((n) => n.token === 'WS')!.verdict, s.ladder.find((t) => t.text === 'WS=128')!.verdict],
      ['window-scaling:off', 'window-scaling:off', 'window-scaling:off'],
    );
    assert.equal(tip.warn, undefined);
  });

  it('window scale above 14: tcp.options.wscale-too-large, and the same warning in the tooltip, the hover and the diagram', () => {
    const s = surfaces(optionCase([2, 4, 5, 180, 1, 3, 3, 15], [2, 4, 5, 180, 1, 3, 3, 7]), 0);
    const v = s.result.verdicts.windowScaling(s.result.verdicts.ref(0)!);
    const text = windowScaleOptionText(v, 'client', s.result.verdicts.negotiation(s.result.verdicts.ref(0)!));
    assert.match(text, /a shift above 14 is invalid/);
    const finding = s.findings.find((f) => f.rule === 'tcp.options.wscale-too-large')!;
    assert.ok(finding.explanation.includes(text));
    const tip = s.tips.find((t) => t.token === 'WS=16384')!;
    assert.ok(tip.tip.includes(text) && tip.warn);
    assert.equal(s.notes.find((n) => n.token === 'WS')!.meaning, text);
    const token = s.ladder.find((t) => t.text === 'WS=16384')!;
    assert.ok(token.tip!.endsWith(text) && token.warn);
  });

  it("options overwritten with NOPs: tcp.options.stripped, and the same text on the SYN's hover, the diagram and the peer's tooltip", () => {
    const s = surfaces(optionCase([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [2, 4, 5, 180, 1, 3, 3, 7]), 0);
    const n = s.result.verdicts.negotiation(s.result.verdicts.ref(0)!);
    const text = strippedText(n.client!, 'client');
    assert.ok(s.findings.find((f) => f.rule === 'tcp.options.stripped')!.explanation.includes(text));
    const syn = s.notes.find((x) => x.token === 'SYN')!;
    assert.ok(syn.meaning.includes(text));
    assert.equal(syn.verdict, 'option-negotiation:stripped');
    const nop = s.ladder.find((t) => t.text === 'NOP×12')!;
    assert.equal(nop.tip, text);
    assert.equal(nop.warn, true);
    const peerWs = tcpOptionTips(s.capture, 1, s.result.verdicts).find((t) => t.token === 'WS=128')!;
    assert.match(peerWs.tip, /The client's SYN \(frame 1\) has no window scale option \(its options were overwritten with NOPs\), so scaling is off/);
  });

  it("MSS missing from the SYN/ACK: tcp.options.mss-missing, and the same sentence in the client's MSS tooltip and hover and on the diagram", () => {
    const s = surfaces(optionCase([2, 4, 5, 180, 4, 2], [4, 2]), 0);
    const n = s.result.verdicts.negotiation(s.result.verdicts.ref(0)!);
    const text = mssMissingText(n, 'server', false);
    assert.match(text, /The server's SYN\/ACK \(frame 2\) has no MSS option: the client must assume 536 bytes/);
    const finding = s.findings.find((f) => f.rule === 'tcp.options.mss-missing')!;
    assert.ok(finding.explanation.includes(text));
    assert.ok(s.tips.find((t) => t.token === 'MSS=1460')!.tip.includes(text));
    assert.ok(s.notes.find((x) => x.token === 'MSS')!.meaning.includes(text));
    const synAck = ladderModel(s.capture, s.result, 0)!.arrows[1];
    const token = synAck.tokens.find((t) => t.text === 'no MSS')!;
    assert.equal(token.tip, text);
    assert.equal(synAck.warn, true, 'evidence of the finding');
  });

  it("a RST its claimed sender could not have sent (injected-rst.pcap): tcp.rst.injected, the RST flag's hover and the diagram say why, alike", async () => {
    const { capture, result } = await analyzeFixture('injected-rst.pcap');
    try {
      const ref = result.verdicts.ref(1)!;
      const v = result.verdicts.sender(ref, 18);
      const text = senderCheckText(v);
      assert.equal(senderCheckTag(v), 'sender:implausible:timing+ttl');
      assert.ok(result.findings.find((f) => f.rule === 'tcp.rst.injected')!.explanation.includes(text));
      const rst = tcpTokenNotes(capture, result, 18).find((n) => n.token === 'RST')!;
      assert.ok(rst.meaning.endsWith(`But this one did not come from the server: ${text}`), rst.meaning);
      assert.equal(rst.verdict, senderCheckTag(v));
      const model = ladderModel(capture, result, 1)!;
      const arrow = model.arrows.find((a) => a.frame === 19)!;
      const forged = arrow.tokens.find((t) => t.text === 'forged?')!;
      assert.deepEqual([forged.tip, forged.verdict, forged.warn, arrow.warn], [text, senderCheckTag(v), true, true]);
      assert.equal(model.middle?.label, 'middlebox?');
      // The healthy connection's packets are plausible: nothing marked there.
      assert.equal(
        ladderModel(capture, result, 0)!.arrows.some((a) => a.tokens.some((t) => t.text === 'forged?')),
        false,
      );
    } finally {
      capture.close();
    }
  });
});
