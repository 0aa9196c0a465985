import { ipv4Text } from '../decode/addressText';
import type { DecodedRow } from './decodedRow';
import type { PacketSummary } from './packetSummary';

const IGMP_V0_TYPES = [
  'Create Group Request',
  'Create Group Reply',
  'Join Group Request',
  'Join Group Reply',
  'Leave Group Request',
  'Leave Group Reply',
  'Confirm Group Request',
  'Confirm Group Reply',
];

/**
 * Protocol and Info of an IGMP message, with the version in the Protocol column as Wireshark's
 * packet-igmp.c decides it: a query (0x11) is IGMPv3 when the IP payload holds 12 bytes or more
 * (RFC 3376 §7.1), else v2 when its Max Resp Time is set, else v1; the other types have one
 * version each; DVMRP (0x13) and PIMv1 (0x14) ride on IGMP under their own names.
 */
export function igmpSummary(row: DecodedRow): PacketSummary {
  const { f, view } = row;
  const at = f.l4Off;
  const end = Math.min(f.l4End, view.byteLength);
  if (at < 0 || at >= end) return { protocol: 'IGMP', info: 'Internet Group Management Protocol' };
  const type = view.getUint8(at);
  const group = at + 8 <= end ? ipv4Text(view.getUint32(at + 4)) : undefined;
  const ofGroup = (prefix: string) => (group ? `${prefix} ${group}` : prefix);
  switch (type) {
    case 0x11: {
      const query = !group || group === '0.0.0.0' ? 'Membership Query, general' : `Membership Query, specific for group ${group}`;
      if (f.l4Len >= 12) return { protocol: 'IGMPv3', info: query };
      if (at + 1 < end && view.getUint8(at + 1)) return { protocol: 'IGMPv2', info: query };
      return { protocol: 'IGMPv1', info: 'Membership Query' };
    }
    case 0x12:
      return { protocol: 'IGMPv1', info: 'Membership Report' };
    case 0x13:
      return { protocol: 'DVMRP', info: 'Distance Vector Multicast Routing Protocol' };
    case 0x14:
      return { protocol: 'PIMv1', info: 'Protocol Independent Multicast' };
    case 0x16:
      return { protocol: 'IGMPv2', info: ofGroup('Membership Report group') };
    case 0x17:
      return { protocol: 'IGMPv2', info: ofGroup('Leave Group') };
    case 0x1e:
      return { protocol: 'IGMP', info: 'Traceroute Response' };
    case 0x1f:
      return { protocol: 'IGMP', info: 'Traceroute Request' };
    case 0x22:
      return { protocol: 'IGMPv3', info: 'Membership Report' };
    default:
      if (type >= 1 && type <= 8) return { protocol: 'IGMPv0', info: IGMP_V0_TYPES[type - 1] };
      return { protocol: 'IGMP', info: `Unknown Type:0x${type.toString(16).padStart(2, '0')}` };
  }
}

/** PIM (IP protocol 103): Wireshark names the version from the header's first nibble (RFC 7761 §4.9). */
export function pimProtocol(row: DecodedRow): string {
  const { f, view } = row;
  if (f.l4Off < 0 || f.l4Off >= Math.min(f.l4End, view.byteLength)) return 'PIM';
  const version = view.getUint8(f.l4Off) >> 4;
  return version === 1 || version === 2 ? `PIMv${version}` : 'PIM';
}
