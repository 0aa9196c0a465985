/** How the Statistics pages write numbers: grouped digits, sizes in B/kB/MB, shares with one decimal. */

export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

export function sizeText(n: number): string {
  if (n < 10_000) return `${n} B`;
  if (n < 10_000_000) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 10_000_000_000) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(1)} GB`;
}

export function percentText(p: number): string {
  return `${p.toFixed(1)}%`;
}

/** "10.0.0.1:443", "[fe80::1]:443", or the bare address of an IP or Ethernet row. */
export function endpointText(address: string, port: number | undefined): string {
  if (port === undefined) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export function secondsText(s: number): string {
  return s.toFixed(s >= 100 ? 1 : s >= 1 ? 3 : 6);
}

export function rateText(perSecond: number, unit: string): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G${unit}/s`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(2)} k${unit}/s`;
  return `${perSecond.toFixed(perSecond >= 10 ? 0 : 2)} ${unit}/s`;
}
