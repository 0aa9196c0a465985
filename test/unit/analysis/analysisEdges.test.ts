import { strict as assert } from 'node:assert';
import { analyzeCapture } from '../../../src/core/analysis';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { dissectPacket } from '../../../src/core/dissect/dissector';
import { packetRecord } from '../../../src/core/summary/packetRecord';
import { effectiveWindow } from '../../../src/core/verdicts/windowScaling';
import { findNode } from '../helpers/detailTree';
import { edgeScenarioPcap } from './analysisEdgeFrames';

function open(name: string): Capture {
  const cap = openCaptureBytes(edgeScenarioPcap(name));
  analyzeCapture(cap);
  return cap;
}

/** Frame number → Info, for the frames asked. */
function infos(cap: Capture, frames: number[]): Record<number, string> {
  return Object.fromEntries(frames.map((n) => [n, packetRecord(cap, n - 1).info]));
}

/** tcp.analysis.bytes_in_flight per frame ('' when not shown), as tshark -T fields prints it. */
function bytesInFlight(cap: Capture): string[] {
  const { extras } = analyzeCapture(cap);
  const out: string[] = [];
  for (let i = 0; i < cap.index.count; i++) out.push(String(findNode(dissectPacket(cap, i, extras), 'tcp.analysis.bytes_in_flight')?.value ?? ''));
  return out;
}

/**
 * Every expectation below is what tshark 4.0.17 prints for the same bytes (analysisEdgeFrames.ts), but
 * for the " [TCP segment of a reassembled PDU]" it appends to a data segment's Info (reassembly).
 */
describe('TCP analysis on its edges, as tshark 4.0.17 shows it', () => {
  it('a server segment sent before its SYN/ACK in a new conversation is not scaled, and the SYN/ACK after it is a reuse of the ports', () => {
    const cap = open('reuse-after-challenge-ack');
    try {
      assert.deepEqual(infos(cap, [8, 11]), {
        8: '80 → 51234 [ACK] Seq=1 Ack=4294878298 Win=502 Len=0',
        11: '[TCP Previous segment not captured] [TCP Port numbers reused] 80 → 51234 [SYN, ACK] Seq=0 Ack=1 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=300 TSecr=60 WS=128',
      });
      assert.deepEqual(
        [7, 8, 11].map((n) => packetRecord(cap, n - 1).tcp?.stream),
        [1, 1, 1],
      );
      // The old connection's ACK carries no scale the new conversation knows yet (tshark's tcp.window_size 502).
      assert.deepEqual(effectiveWindow(cap.index, 7), { raw: 502, bytes: 502, shift: 0, state: 'unknown' });
      assert.equal(effectiveWindow(cap.index, 11).bytes, 502 * 128, 'scaled once the handshake is seen');
    } finally {
      cap.close();
    }
  });

  it("a segment without SACK blocks clears the SACKed bytes its peer's bytes in flight leave out", () => {
    const cap = open('sack-then-no-sack');
    try {
      assert.deepEqual(bytesInFlight(cap), ['', '', '', '1000', '2000', '3000', '', '2000', '', '5000', '', '2', '6000']);
    } finally {
      cap.close();
    }
  });

  it('orders the Info tags as tshark prepends them', () => {
    const cap = open('tag-order');
    try {
      assert.deepEqual(infos(cap, [5, 7]), {
        5: '[TCP ZeroWindow] [TCP Previous segment not captured] 80 → 51234 [ACK] Seq=2001 Ack=1 Win=0 Len=1000',
        7: '[TCP Dup ACK 6#1] [TCP ACKed unseen segment] 51234 → 80 [ACK] Seq=1 Ack=5001 Win=64256 Len=0',
      });
    } finally {
      cap.close();
    }
  });
});
