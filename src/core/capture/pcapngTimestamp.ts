/**
 * Converts a pcapng 64-bit timestamp (two 32-bit halves, in units given by
 * if_tsresol) into whole seconds and nanoseconds. Nanosecond-resolution
 * timestamps exceed 2^53, so plain Number arithmetic would lose digits; the
 * common decimal resolutions use exact 16-bit long division instead of BigInt.
 */
export class TimestampUnit {
  /** Divisor for decimal resolutions up to 10^-9 (exact long division path). */
  private readonly decimalDivisor: number;
  private readonly nsPerUnit: number;
  private readonly bigDivisor: bigint;
  private readonly binaryShift: number;

  constructor(readonly tsresol: number) {
    const binary = (tsresol & 0x80) !== 0;
    const exp = tsresol & 0x7f;
    this.binaryShift = binary ? exp : -1;
    this.decimalDivisor = !binary && exp <= 9 ? 10 ** exp : 0;
    this.nsPerUnit = this.decimalDivisor ? 1e9 / this.decimalDivisor : 0;
    this.bigDivisor = binary ? 1n << BigInt(exp) : 10n ** BigInt(exp);
  }

  describe(): string {
    if (this.binaryShift >= 0) return `2^-${this.binaryShift} s`;
    const exp = this.tsresol & 0x7f;
    return ({ 0: 'seconds', 3: 'milliseconds', 6: 'microseconds', 9: 'nanoseconds' } as Record<number, string>)[exp] ?? `10^-${exp} s`;
  }

  /** Writes seconds and nanoseconds into out[0], out[1]. */
  split(hi: number, lo: number, out: Float64Array): void {
    const d = this.decimalDivisor;
    if (d) {
      // Long division of the 64-bit value by d (< 2^30) in 16-bit limbs keeps every
      // intermediate below 2^46, i.e. exact in a double.
      let r = 0;
      const l3 = hi >>> 16,
        l2 = hi & 0xffff,
        l1 = lo >>> 16,
        l0 = lo & 0xffff;
      let acc = r * 65536 + l3;
      const q3 = Math.floor(acc / d);
      r = acc - q3 * d;
      acc = r * 65536 + l2;
      const q2 = Math.floor(acc / d);
      r = acc - q2 * d;
      acc = r * 65536 + l1;
      const q1 = Math.floor(acc / d);
      r = acc - q1 * d;
      acc = r * 65536 + l0;
      const q0 = Math.floor(acc / d);
      r = acc - q0 * d;
      out[0] = ((q3 * 65536 + q2) * 65536 + q1) * 65536 + q0;
      out[1] = Math.round(r * this.nsPerUnit);
      return;
    }
    const value = (BigInt(hi) << 32n) | BigInt(lo);
    const sec = value / this.bigDivisor;
    const frac = value - sec * this.bigDivisor;
    out[0] = Number(sec);
    out[1] = Number((frac * 1_000_000_000n) / this.bigDivisor);
  }
}
