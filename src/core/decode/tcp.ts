import type { PacketFields } from './fields';
import { MALFORMED_BAD_LENGTH, MALFORMED_TRUNCATED, ProtoCode } from './fields';
import { scanTcpOptions } from './tcpOptions';

export const TH_FIN = 0x001;
export const TH_SYN = 0x002;
export const TH_RST = 0x004;
export const TH_PUSH = 0x008;
export const TH_ACK = 0x010;
export const TH_URG = 0x020;
export const TH_ECE = 0x040;
export const TH_CWR = 0x080;
/** Accurate ECN (RFC 9768), formerly the ECN nonce (NS) bit. */
export const TH_AE = 0x100;

/** TCP header (RFC 9293 §3.1). The payload length is the reported one, as tshark's tcp.len. */
export function decodeTcp(view: DataView, off: number, end: number, f: PacketFields): void {
  f.proto = ProtoCode.Tcp;
  if (end - off < 20) {
    f.malformed |= MALFORMED_TRUNCATED;
    return;
  }
  f.sport = view.getUint16(off);
  f.dport = view.getUint16(off + 2);
  f.seq = view.getUint32(off + 4);
  f.ack = view.getUint32(off + 8);
  const offFlags = view.getUint16(off + 12);
  f.tcpFlags = offFlags & 0x0fff;
  f.win = view.getUint16(off + 14);
  const hlen = (offFlags >> 12) * 4;
  if (hlen < 20 || hlen > f.l4Len) {
    f.malformed |= MALFORMED_BAD_LENGTH;
    return;
  }
  f.payloadLen = f.l4Len - hlen;
  f.payloadOff = off + hlen;
  if (off + hlen > end) {
    f.malformed |= MALFORMED_TRUNCATED;
    return;
  }
  if (hlen > 20) scanTcpOptions(view, off + 20, off + hlen, f);
}

const FLAG_NAMES: Array<[number, string]> = [
  [TH_FIN, 'FIN'], [TH_SYN, 'SYN'], [TH_RST, 'RST'], [TH_PUSH, 'PSH'], [TH_ACK, 'ACK'],
  [TH_URG, 'URG'], [TH_ECE, 'ECE'], [TH_CWR, 'CWR'], [TH_AE, 'AE'],
];

/** Flag list as Wireshark prints it in Info, e.g. "SYN, ACK"; "<None>" for no flags. */
export function tcpFlagsText(flags: number): string {
  const names: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) names.push(name);
  if (flags & 0xe00) names.push('Reserved');
  return names.length ? names.join(', ') : '<None>';
}
