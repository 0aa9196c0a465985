import type { SideDistance, Vantage } from '../verdicts/vantage';

/** Where the capture was taken, in words, from the vantage verdict. */
export function vantageText(v: Vantage): string {
  const part = (d: SideDistance | undefined, side: 'client' | 'server') => {
    if (!d) return undefined;
    const word = d.ipVersion === 6 ? 'hop limit' : 'TTL';
    if (d.hops === 0)
      return side === 'client'
        ? `on the client (its packets still carry their initial ${word} ${d.ttl})`
        : `on the server's segment (its packets arrive with ${word} ${d.ttl})`;
    return `${d.hops} hop${d.hops === 1 ? '' : 's'} from the ${side} (${word} ${d.ttl})`;
  };
  const parts = [part(v.client, 'client'), part(v.server, 'server')].filter((p): p is string => p !== undefined);
  return parts.length ? `The capture was taken ${parts.join(', ')}.` : '';
}
