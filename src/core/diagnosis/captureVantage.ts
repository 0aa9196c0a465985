import type { DiagnosisContext } from './context';

/** Initial TTLs stacks use (Linux/macOS 64, Windows 128, network gear 255). */
const INITIAL_TTLS = [32, 64, 128, 255];

/** Hops a packet travelled, guessed from its TTL / hop limit. */
export function hopsFromTtl(ttl: number): number {
  const initial = INITIAL_TTLS.find((t) => t >= ttl) ?? 255;
  return initial - ttl;
}

/**
 * Where the capture was taken, as far as TTLs tell: a packet still carrying
 * its initial TTL was captured on (or next to) the host that sent it.
 */
export function vantageText(ctx: DiagnosisContext, clientPacket: number, serverPacket: number): string {
  const c = ctx.ip(clientPacket).ttl;
  const s = ctx.ip(serverPacket).ttl;
  const ch = hopsFromTtl(c), sh = hopsFromTtl(s);
  const word = ctx.ip(clientPacket).ipVersion === 6 ? 'hop limit' : 'TTL';
  const client = ch === 0 ? `on the client (its packets still carry their initial ${word} ${c})` : `${ch} hop${ch === 1 ? '' : 's'} from the client (${word} ${c})`;
  const server = sh === 0 ? `on the server's segment (its packets arrive with ${word} ${s})` : `${sh} hop${sh === 1 ? '' : 's'} from the server (${word} ${s})`;
  return `The capture was taken ${client}, ${server}.`;
}
