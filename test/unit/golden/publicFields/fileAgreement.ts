import type { Capture } from '../../../../src/core/capture/openCapture';
import { analyzeTcpSequences } from '../../../../src/core/flows/tcpSequenceAnalysis';
import type { PacketRecord } from '../../../../src/core/summary/packetRecord';
import { packetRecord } from '../../../../src/core/summary/packetRecord';
import { captureSackReader } from '../../../../src/core/summary/tcpInfo';
import { linkTypeName } from '../../../../src/core/decode/linkTypes';
import { CONTRACT_FIELDS } from './contractFields';
import { explainDeviation, isCustomBlockRecord, unreadFormat } from './deviationClasses';
import type { TsharkPacket } from './tsharkPacket';

/** How one contract field fared over some packets. */
export interface FieldTally {
  /** Packets compared (listed deviations included). */
  packets: number;
  agree: number;
  /** Packets where at least one side has a value (agreement on "both absent" is not counted here). */
  withValue: number;
  agreeWithValue: number;
  /** Packets explained by a listed deviation class, by class. */
  listed: Record<string, number>;
}

/** One field on one packet where the two sides differ and no listed class explains it. */
export interface Disagreement {
  frame: number;
  field: string;
  ours: string;
  tshark: string;
  tsharkProtocol: string;
  tsharkInfo: string;
}

/** Packets whose unexplained disagreements share a cause key (link type, tshark's headers, our protocol, fields). */
export interface CauseTally {
  packets: number;
  example: { file: string; frame: number; detail: string };
}

export interface FileResult {
  file: string;
  tsharkPackets: number;
  ourPackets: number;
  /** Why our reader stopped early, if it did. */
  readError?: string;
  /** A whole file left out of the rates, with the class that explains it (deviationClasses.ts). */
  excluded?: string;
  /** The engine threw (stack), or the parent killed it after the time limit. */
  crash?: string;
  hang?: boolean;
  ms: number;
  fields: Record<string, FieldTally>;
  /** The first few disagreements per field. */
  examples: Disagreement[];
  causes: Record<string, CauseTally>;
}

export function emptyTally(): FieldTally {
  return { packets: 0, agree: 0, withValue: 0, agreeWithValue: 0, listed: {} };
}

/** What `packets --json` prints for every packet, computed as the CLI does (same sequence analysis). */
export function contractRecords(capture: Capture): PacketRecord[] {
  const extras = analyzeTcpSequences(capture.index, captureSackReader(capture));
  const out: PacketRecord[] = [];
  for (let i = 0; i < capture.index.count; i++) {
    try {
      out.push(packetRecord(capture, i, extras));
    } catch (e) {
      throw new Error(`packet ${i + 1}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  return out;
}

/**
 * Compares our records of a file with tshark's packets, field by field. Packets tshark has and we
 * did not read count as disagreements on every field tshark fills; packets we read beyond where
 * tshark stopped have no oracle and are not compared. `tcpPorts`: tshark's TCP port table (tsharkTcpPorts).
 */
export function compareFile(
  file: string,
  capture: Capture,
  tshark: readonly TsharkPacket[],
  examplesPerField: number,
  tcpPorts?: ReadonlyMap<number, string>,
): FileResult {
  const started = Date.now();
  const records = contractRecords(capture);
  const result: FileResult = {
    file,
    tsharkPackets: tshark.length,
    ourPackets: records.length,
    readError: capture.error?.message,
    ms: 0,
    fields: {},
    examples: [],
    causes: {},
  };
  for (const f of CONTRACT_FIELDS) result.fields[f.name] = emptyTally();
  const excluded = unreadFormat(records.length, capture.error?.message);
  if (excluded) {
    result.excluded = excluded;
    result.ms = Date.now() - started;
    return result;
  }
  const examplesOf = new Map<string, number>();
  const linkTypeOf = (i: number) => {
    const lt = i < capture.index.count ? capture.index.linkTypeOf(i) : -1;
    return lt >= 0 ? `DLT ${lt} ${linkTypeName(lt).replace(/^Unknown link type \d+$/, '(unknown)')}` : 'DLT ?';
  };
  let customBlocksBefore = 0;
  let i = 0; // our packet index
  for (const t of tshark) {
    if (isCustomBlockRecord(t)) {
      customBlocksBefore++;
      continue;
    }
    const rec = records[i];
    const differing: string[] = [];
    for (const f of CONTRACT_FIELDS) {
      const tally = result.fields[f.name];
      const theirs = f.tshark(t);
      const ours = rec ? f.ours(rec) : '';
      tally.packets++;
      const hasValue = ours !== '' || theirs !== '';
      if (hasValue) tally.withValue++;
      if (ours === theirs) {
        tally.agree++;
        if (hasValue) tally.agreeWithValue++;
        continue;
      }
      const why = explainDeviation(f.name, ours, theirs, { t, rec, customBlocksBefore, tcpPorts });
      if (why) {
        tally.listed[why] = (tally.listed[why] ?? 0) + 1;
        continue;
      }
      differing.push(f.name);
      const n = examplesOf.get(f.name) ?? 0;
      if (n < examplesPerField) {
        examplesOf.set(f.name, n + 1);
        result.examples.push({
          frame: Number(t.frame('frame.number')),
          field: f.name,
          ours,
          tshark: theirs,
          tsharkProtocol: t.frame('_ws.col.Protocol'),
          tsharkInfo: t.frame('_ws.col.Info').slice(0, 100),
        });
      }
    }
    if (differing.length) {
      const key = `${linkTypeOf(i)} | tshark ${t.stack()} | ours ${rec ? rec.proto : '(packet not read)'} | ${compactFields(differing)}`;
      const c = (result.causes[key] ??= { packets: 0, example: { file, frame: Number(t.frame('frame.number')), detail: exampleDetail(differing, rec, t) } });
      c.packets++;
    }
    i++;
  }
  result.ms = Date.now() - started;
  return result;
}

/** The differing fields, a tcp.* / udp.* family collapsed when 3 or more of it differ (the whole header was missed or misread). */
function compactFields(names: string[]): string {
  const out: string[] = [];
  let rest = names;
  for (const fam of ['tcp.', 'udp.']) {
    const mine = rest.filter((n) => n.startsWith(fam));
    if (mine.length >= 3) {
      out.push(`${fam}*`);
      rest = rest.filter((n) => !n.startsWith(fam));
    }
  }
  return [...rest, ...out].join(',');
}

function exampleDetail(differing: string[], rec: PacketRecord | undefined, t: TsharkPacket): string {
  const f = CONTRACT_FIELDS.find((c) => c.name === differing[0])!;
  return `${f.name}: ours ${JSON.stringify(rec ? f.ours(rec) : '')} tshark ${JSON.stringify(f.tshark(t))}`;
}
