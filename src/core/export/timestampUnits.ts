/**
 * A time as whole units of an if_tsresol resolution (pcapng §4.2): 10^-e s, or 2^-e s with bit 7.
 * Times are held as seconds and nanoseconds, so a decimal resolution up to 10^-9 is exact; a binary
 * one or a finer decimal one has no exact nanosecond form and is written in nanoseconds instead
 * (see exportResolution).
 */
export function timestampUnits(sec: number, nsec: number, tsresol: number): bigint {
  const exp = tsresol & 0x7f;
  return BigInt(sec) * 10n ** BigInt(exp) + BigInt(Math.floor(nsec / 10 ** (9 - exp)));
}

/** The if_tsresol an export writes for an interface read at `tsresol`: the same when exact, else nanoseconds. */
export function exportResolution(tsresol: number): number {
  return (tsresol & 0x80) === 0 && tsresol <= 9 ? tsresol : 9;
}
