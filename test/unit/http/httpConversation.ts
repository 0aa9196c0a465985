import { strict as assert } from 'node:assert';
import type { Capture } from '../../../src/core/capture/openCapture';
import { openCaptureBytes } from '../../../src/core/capture/openCapture';
import { TH_ACK, TH_PUSH, TH_SYN } from '../../../src/core/decode/tcp';
import { followStream } from '../../../src/core/follow/followCapture';
import type { FollowStream } from '../../../src/core/follow/followStream';
import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, tcp } from '../helpers/packetBuilder';

/** One segment's payload: from the client or the server, text (Latin-1) or bytes; `lost`: never captured. */
export type Segment = [fromClient: boolean, payload: string | Uint8Array, lost?: 'lost'];

export const bytesOf = (p: string | Uint8Array): Uint8Array => (typeof p === 'string' ? Uint8Array.from(p, (c) => c.charCodeAt(0)) : p);

/**
 * A TCP conversation 10.0.0.1:40000 → 10.0.0.2:80 with a handshake, then the segments in order,
 * each split at 1400 bytes, with correct sequence numbers and ACKs: real capture bytes for the
 * HTTP parser (packet numbers: 0-1 handshake, then one per segment piece).
 */
export function httpConversation(segments: Segment[]): { capture: Capture; stream: FollowStream } {
  const seq = [1001, 5001];
  const frame = (fromClient: boolean, flags: number, payload: Uint8Array, s: number, a: number) => {
    const seg = tcp({ sport: fromClient ? 40000 : 80, dport: fromClient ? 80 : 40000, seq: s, ack: a, flags, payload });
    return ethernet(ipv4(seg, { src: fromClient ? '10.0.0.1' : '10.0.0.2', dst: fromClient ? '10.0.0.2' : '10.0.0.1', proto: 6 }), 0x0800);
  };
  const data: Uint8Array[] = [frame(true, TH_SYN, new Uint8Array(0), 1000, 0), frame(false, TH_SYN | TH_ACK, new Uint8Array(0), 5000, 1001)];
  for (const [fromClient, payload, lost] of segments) {
    const b = bytesOf(payload);
    const d = fromClient ? 0 : 1;
    for (let at = 0; at < b.length; at += 1400) {
      const piece = b.subarray(at, at + 1400);
      if (!lost) data.push(frame(fromClient, TH_ACK | TH_PUSH, piece, seq[d], seq[d ^ 1]));
      seq[d] += piece.length;
    }
  }
  const capture = openCaptureBytes(pcapFile(data.map((d, k) => ({ sec: 1_700_000_000, frac: k, data: d }))));
  const stream = followStream(capture, { kind: 'tcp', stream: 0 });
  assert.ok(stream);
  return { capture, stream };
}
