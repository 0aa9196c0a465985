/** "1 packet", "2 packets", "0 findings": a count and its noun, which agree. */
export function count(n: number, singular: string, plural = `${singular}s`, digits = String(n)): string {
  return `${digits} ${n === 1 ? singular : plural}`;
}
