import { etherTypeText } from '../decode/ethernet';
import type { PacketFields } from '../decode/fields';
import type { LinkSummary } from '../decode/layer';
import { LAYERS } from '../decode/layerTables';
import { linkTypeName } from '../decode/linkTypes';

/**
 * Protocol and Info of a frame decoded only at its link layer (ProtoCode.Link): the summary of the
 * layer its decode stopped at. A layer with no summary of its own (Ethernet inside PPI…) stopped
 * because nothing decodes the Ethertype it named.
 */
export function linkSummary(view: DataView, f: PacketFields, linkType: number, frameLen: number): LinkSummary {
  const s = LAYERS[f.lastLayer]?.summary?.(view, f.lastOff, f.lastEnd, f);
  if (s) return s;
  if (f.etherType) return { protocol: 'Ethernet', info: `Ethertype ${etherTypeText(f.etherType)}`, undecoded: `ethertype ${etherTypeText(f.etherType)}` };
  return { protocol: linkTypeName(linkType), info: `${frameLen} bytes`, undecoded: `link type ${linkType} (${linkTypeName(linkType)})` };
}
