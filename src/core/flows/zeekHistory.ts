/**
 * Letters kept per conversation. Zeek sets no limit, but s, h, f and r repeat with every new sequence
 * number, so a hostile capture could grow a history by one letter per packet; past this many letters
 * nothing more is recorded (no real conversation comes near it).
 */
const MAX_LETTERS = 4096;

/**
 * Zeek's connection history string (Connection::history): one letter per event, upper case when the
 * originator caused it, lower case for the responder (base/protocols/conn/main.zeek documents the
 * letters). Kept as character codes and joined once at the end, so a conversation costs a few numbers
 * per letter, never a string per packet.
 */
export class ZeekHistory {
  /**
   * Letters already recorded once (Connection::hist_seen): the originator's kinds in the low 16 bits,
   * the responder's shifted by 16, as TCP_Endpoint::CheckHistory does. Bits belong to the role, not the
   * host: a flip of roles does not move them.
   */
  private seen = 0;
  private readonly codes: number[] = [];

  /**
   * Connection::CheckHistory: records `letter` (given upper case) the first time `kind` happens in this
   * role. Returns whether it had happened before, which is when S, H, F and R look at sequence numbers.
   */
  once(kind: number, letter: number, orig: boolean): boolean {
    const mask = orig ? kind : kind << 16;
    if (this.seen & mask) return true;
    this.seen |= mask;
    this.add(letter, orig);
    return false;
  }

  /** Connection::AddHistory; `letter` is the upper-case code. */
  add(letter: number, orig: boolean): void {
    if (this.codes.length < MAX_LETTERS) this.codes.push(orig ? letter : letter | 0x20);
  }

  /** '^': Connection::FlipRoles, the originator is the other side from now on. */
  flipped(): void {
    if (this.codes.length < MAX_LETTERS) this.codes.push(0x5e);
  }

  get text(): string {
    return String.fromCharCode(...this.codes);
  }
}

/** History kinds recorded once per role (TCP_Endpoint.h HIST_*; UDP uses the data kind). */
export const enum HistoryKind {
  Syn = 0x1,
  Fin = 0x2,
  Rst = 0x4,
  FinRst = 0x8,
  Data = 0x10,
  Ack = 0x20,
  MultiFlag = 0x40,
}

/** Upper-case letters as character codes. */
export const enum Letter {
  C = 0x43,
  D = 0x44,
  F = 0x46,
  G = 0x47,
  H = 0x48,
  I = 0x49,
  Q = 0x51,
  R = 0x52,
  S = 0x53,
  T = 0x54,
  W = 0x57,
  A = 0x41,
}

/**
 * Events Zeek records "in a logarithmic fashion" (Connection::ScaledHistoryEntry): the letter at the
 * 1st, 10th, 100th… occurrence. One counter and one threshold per event kind and endpoint, both
 * uint32 as in Zeek.
 */
export class ScaledCounts {
  /** [count, threshold] per kind: checksum, retransmission, zero window, content gap. */
  private readonly c = new Uint32Array([0, 1, 0, 1, 0, 1, 0, 1]);

  /** Counts one event of `kind`; true when it crosses the next threshold (record the letter then). */
  hit(kind: ScaledKind): boolean {
    const k = kind * 2;
    if (++this.c[k] !== this.c[k + 1]) return false;
    const next = (this.c[k + 1] * 10) >>> 0;
    // Zeek: a threshold that wraps around keeps its value and restarts the count.
    if (next <= this.c[k + 1]) this.c[k] = 0;
    else this.c[k + 1] = next;
    return true;
  }
}

export const enum ScaledKind {
  Checksum = 0,
  Retransmission = 1,
  ZeroWindow = 2,
  Gap = 3,
}
