import { AddressTable } from './addressTable';
import { DatagramAssembly } from './datagramAssembly';
import { FlowTable } from './flowTable';
import { FragmentTracker } from './fragmentTracker';
import { HttpStartTable } from './httpStarts';
import { IntList } from './intList';
import { PacketIndex } from './packetIndex';
import { PacketList } from './packetList';
import { PseudoHeaderLengths } from './pseudoHeaderLengths';
import { SynTable } from './synTable';
import { TcpStreamTable } from './tcpStreams';

/**
 * A PacketIndex built in one thread and used in another: postMessage's structured clone copies its
 * typed arrays, Maps and plain fields (or moves the arrays, given transferBuffers), but drops the
 * classes. reviveIndex puts them back, so the clone is the same index with its methods. Every class
 * reachable from an index is listed here; a test walks a cloned index to keep the list complete.
 */
type Fields = Record<string, unknown>;

/** Sets `object`'s class and revives the class-typed fields named in `fields`. */
function revive<T extends object>(object: unknown, cls: { prototype: T }, fields: Record<string, (value: unknown) => void> = {}): T {
  Object.setPrototypeOf(object, cls.prototype);
  const o = object as Fields;
  for (const [name, reviveField] of Object.entries(fields)) reviveField(o[name]);
  return object as T;
}

const intList = (v: unknown) => revive(v, IntList);

function reviveFragments(v: unknown): void {
  revive(v, FragmentTracker, {
    lastPacket: intList,
    memberStart: intList,
    flagsOf: intList,
    members: intList,
    linkPacket: intList,
    linkValue: intList,
    // Datagrams still waiting for fragments when the file ended.
    pending: (m) => {
      for (const p of (m as Map<string, Fields>).values()) revive(p.assembly, DatagramAssembly);
    },
  });
}

/** The structured clone of a PacketIndex, made one again (in place). */
export function reviveIndex(clone: unknown): PacketIndex {
  return revive(clone, PacketIndex, {
    addresses: (v) => revive(v, AddressTable),
    tcpStreams: (v) => revive(v, TcpStreamTable),
    udpStreams: (v) => revive(v, FlowTable),
    syns: (v) => revive(v, SynTable),
    httpStarts: (v) => revive(v, HttpStartTable, { packets: (x) => revive(x, PacketList), codes: intList }),
    fragments: reviveFragments,
    pseudoHeaders: (v) => revive(v, PseudoHeaderLengths),
  });
}

/** Every ArrayBuffer behind the typed arrays reachable from `root`, once each: postMessage's transfer list. */
export function transferBuffers(root: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
      return;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) {
        visit(k);
        visit(x);
      }
      return;
    }
    if (v instanceof Set) {
      for (const x of v) visit(x);
      return;
    }
    for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  return [...buffers];
}
