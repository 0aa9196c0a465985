import { pcapFile } from '../helpers/captureWriter';
import { ethernet, ipv4, linuxSynOptions, tcp, u32 } from '../helpers/packetBuilder';
import type { TcpOptions } from '../helpers/packetBuilder';

/**
 * Small built conversations on the edges of tshark's TCP analysis. The values the tests expect are
 * what tshark 4.0.17 prints for these exact bytes (write them with `npx tsx
 * test/unit/analysis/analysisEdgeFrames.ts DIR` and run `tshark -r DIR/<name>.pcap`).
 */
export type EdgeFrame = TcpOptions & { fromServer?: boolean; data?: number };

const SYN = 0x002,
  ACK = 0x010,
  PSH = 0x008,
  FIN = 0x001,
  RST = 0x004;

/** A SACK option (with two NOPs in front) of [left, right) raw sequence numbers. */
function sack(...blocks: Array<[number, number]>): number[] {
  return [1, 1, 5, 2 + 8 * blocks.length, ...blocks.flatMap(([l, r]) => [...u32(l), ...u32(r)])];
}

const handshake: EdgeFrame[] = [
  { flags: SYN, seq: 1000, options: linuxSynOptions(100, 0) },
  { flags: SYN | ACK, seq: 5000, ack: 1001, options: linuxSynOptions(200, 100), fromServer: true },
  { flags: ACK, seq: 1001, ack: 5001, win: 502 },
];

/** Server data of 1000 bytes at relative sequence number `rel`. */
const data = (rel: number, win = 502): EdgeFrame => ({ flags: ACK, seq: 5000 + rel, ack: 1001, win, data: 1000, fromServer: true });
/** Client ACK of relative `rel`. */
const ackOf = (rel: number, o: Partial<EdgeFrame> = {}): EdgeFrame => ({ flags: ACK, seq: 1001, ack: 5000 + rel, win: 502, ...o });

export const EDGE_SCENARIOS: Record<string, EdgeFrame[]> = {
  /**
   * The server closes first (its TIME-WAIT), the client reuses the ports with a new ISN (#7), the
   * server answers with the old connection's ACK (#8, a challenge ACK; window field 502), the
   * client resets it and retries (#9, #10), and the server's SYN/ACK (#11) has a new ISN.
   */
  'reuse-after-challenge-ack': [
    ...handshake,
    { flags: FIN | ACK, seq: 5001, ack: 1001, win: 502, fromServer: true },
    { flags: FIN | ACK, seq: 1001, ack: 5002, win: 502 },
    { flags: ACK, seq: 5002, ack: 1002, win: 502, fromServer: true },
    { flags: SYN, seq: 90000, options: linuxSynOptions(50, 0) },
    { flags: ACK, seq: 5002, ack: 1002, win: 502, fromServer: true },
    { flags: RST, seq: 1002, ack: 0, win: 0 },
    { flags: SYN, seq: 90000, options: linuxSynOptions(60, 0) },
    { flags: SYN | ACK, seq: 70000, ack: 90001, options: linuxSynOptions(300, 60), fromServer: true },
    { flags: ACK, seq: 90001, ack: 70001, win: 502 },
  ],
  /**
   * The client SACKs 1001-3001 (#7), then sends an ACK without SACK that does not move (#9: a
   * window update) or data (#11): the server's next segments count their whole flight again.
   */
  'sack-then-no-sack': [
    ...handshake,
    data(1),
    data(1001),
    data(2001),
    ackOf(1, { options: sack([6001, 8001]) }),
    data(3001),
    ackOf(1, { win: 400 }),
    data(4001),
    ackOf(1, { options: sack([6001, 9001]) }),
    { flags: PSH | ACK, seq: 1001, ack: 5001, win: 400, data: 2 },
    data(5001),
  ],
  /** A segment after a gap with a zero window (#5), then ACKs of data never seen (#6, #7). */
  'tag-order': [...handshake, data(1), { ...data(2001), win: 0 }, ackOf(5001), ackOf(5001)],
};

export function edgeScenarioPcap(name: string): Uint8Array {
  return pcapFile(
    EDGE_SCENARIOS[name].map((o, k) => ({
      sec: 1700000000,
      frac: k * 1000,
      data: ethernet(
        ipv4(
          tcp({
            sport: o.fromServer ? 80 : 51234,
            dport: o.fromServer ? 51234 : 80,
            ...o,
            payload: o.data ? new Uint8Array(o.data).fill(0x78) : undefined,
          }),
          { proto: 6, src: o.fromServer ? '10.0.0.2' : '10.0.0.1', dst: o.fromServer ? '10.0.0.1' : '10.0.0.2' },
        ),
        0x0800,
      ),
    })),
  );
}

// Writes the scenarios for tshark: npx tsx test/unit/analysis/analysisEdgeFrames.ts DIR
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  for (const name of Object.keys(EDGE_SCENARIOS)) fs.writeFileSync(`${process.argv[2]}/${name}.pcap`, edgeScenarioPcap(name));
}
