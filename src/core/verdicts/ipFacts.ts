import type { Capture } from '../capture/openCapture';
import { decodeRow } from '../summary/decodedRow';

/** IP header facts the index does not keep, re-read for the few packets verdicts look at. */
export interface IpFacts {
  ttl: number;
  ipId: number;
  ipVersion: number;
  /** Don't fragment (IPv4), or IPv6: no router fragments it. */ dontFragment: boolean;
}

export type IpReader = (i: number) => IpFacts;

/** Rows kept: verdicts look at a handful of packets per conversation. */
const KEEP = 1024;

/** Reads IP facts from the file, keeping the most recent ones (a bounded cache: the analysis lives as long as the editor). */
export function ipReader(capture: Capture): IpReader {
  const cache = new Map<number, IpFacts>();
  return (i) => {
    let hit = cache.get(i);
    if (!hit) {
      const f = decodeRow(capture, i).f;
      hit = { ttl: f.ttl, ipId: f.ipId, ipVersion: f.ipVersion, dontFragment: f.ipVersion === 6 || f.dontFragment };
      cache.set(i, hit);
      if (cache.size > KEEP) cache.delete(cache.keys().next().value!);
    }
    return hit;
  };
}
