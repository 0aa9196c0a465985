import type { Capture } from '../capture/openCapture';
import type { PacketSelection } from './exportTypes';
import type { FieldSource } from '../filter/filterFields';
import { compileFilter, filterPackets } from '../filter/compileFilter';
import { PF_DIRECTION_B } from '../index/packetIndex';
import { ProtoCode } from '../decode/fields';

export type { PacketSelection } from './exportTypes';

/**
 * The 0-based packet indices of a selection, ascending and without repeats. A bad display filter
 * throws its FilterError (the caller shows where it went wrong); indices outside the capture are dropped.
 */
export function selectPackets(capture: Capture, fields: FieldSource, selection: PacketSelection, marked: ReadonlySet<number> = new Set()): Uint32Array {
  const count = capture.index.count;
  switch (selection.kind) {
    case 'all':
      return Uint32Array.from({ length: count }, (_, i) => i);
    case 'displayed': {
      const test = compileFilter(selection.filter, fields);
      return test ? filterPackets(test, count) : Uint32Array.from({ length: count }, (_, i) => i);
    }
    case 'packets':
      return inRange(selection.packets, count);
    case 'marked':
      return inRange([...marked], count);
    case 'streamOf': {
      const p = selection.packet;
      if (!Number.isInteger(p) || p < 0 || p >= count || capture.index.stream[p] < 0) return new Uint32Array(0);
      const proto = capture.index.proto[p];
      const transport = proto === ProtoCode.Tcp || proto === ProtoCode.Http || proto === ProtoCode.Tls ? 'tcp' : 'udp';
      return selectPackets(capture, fields, { kind: 'stream', transport, stream: capture.index.stream[p], direction: selection.direction }, marked);
    }
    case 'stream': {
      if (!Number.isInteger(selection.stream) || selection.stream < 0) return new Uint32Array(0);
      const test = compileFilter(`${selection.transport}.stream eq ${selection.stream}`, fields);
      const all = test ? filterPackets(test, count) : new Uint32Array(0);
      if (!selection.direction || all.length === 0) return all;
      // The direction bit says which of the stream's two endpoints sent a packet; the first packet's sender is the client.
      const flags = capture.index.flags;
      const clientBit = flags[all[0]] & PF_DIRECTION_B;
      const wantClient = selection.direction === 'client';
      return all.filter((i) => ((flags[i] & PF_DIRECTION_B) === clientBit) === wantClient);
    }
  }
}

function inRange(packets: readonly number[], count: number): Uint32Array {
  const kept = packets.filter((i) => Number.isInteger(i) && i >= 0 && i < count);
  return Uint32Array.from(new Set(kept)).sort();
}
