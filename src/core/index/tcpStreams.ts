import { FlowTable, grow } from './flowTable';

/**
 * TCP conversations with the per-direction base sequence numbers tshark uses
 * for relative seq/ack (packet-tcp.c, tcp_analyze_sequence_number): the SYN's
 * ISN, else the first seq seen minus one; the reverse base from the first
 * ACK's ack minus one.
 */
export class TcpStreamTable extends FlowTable {
  baseSeq = new Uint32Array(2048);
  /** Bit 0: base of direction 0 set; bit 1: of direction 1. Bits 2 and 3: that base is a SYN's ISN. */
  baseSet = new Uint8Array(1024);
  /**
   * Window scale shift per direction as Wireshark tracks it: -1 unknown (no
   * handshake seen), -2 not in use (a SYN without the option), else the shift.
   */
  winScale = new Int8Array(2048).fill(-1);
  /**
   * The packet from which each direction's shift applies (the SYN that announced it): tshark scales a
   * segment by what it knows when it reaches it, so a segment sent before its side's SYN in the same
   * conversation (a challenge ACK from the server's old connection, put in the new one) stays unscaled.
   */
  winScaleFrom = new Int32Array(2048);
  /** Bit d: direction d sent a segment whose bytes start an HTTP message (see httpContinues). */
  httpStarts = new Uint8Array(1024);

  protected override onGrow(capacity: number): void {
    this.baseSeq = grow(this.baseSeq, new Uint32Array(capacity * 2));
    this.baseSet = grow(this.baseSet, new Uint8Array(capacity));
    this.httpStarts = grow(this.httpStarts, new Uint8Array(capacity));
    const ws = new Int8Array(capacity * 2).fill(-1);
    ws.set(this.winScale);
    this.winScale = ws;
    this.winScaleFrom = grow(this.winScaleFrom, new Int32Array(capacity * 2));
  }

  /**
   * Whether a payload segment of direction `dir` belongs to HTTP for its conversation, not its bytes.
   * Once tshark recognises an HTTP message in a conversation it hands every later segment of it to
   * HTTP (conversation_set_dissector), and one that starts no message and continues none is "HTTP
   * Continuation": a server answering a request with bytes that are not HTTP. The segments that
   * continue a message (a body after its headers) are reassembled into it, which tshark's single
   * pass shows as TCP until the last: so only a direction that has sent no HTTP start is named so.
   * `start`: this segment's bytes start an HTTP message (it is recorded).
   */
  httpContinues(id: number, dir: number, start: boolean): boolean {
    const seen = this.httpStarts[id];
    if (start) {
      this.httpStarts[id] = seen | (1 << dir);
      return false;
    }
    return seen !== 0 && (seen & (1 << dir)) === 0;
  }

  /**
   * RFC 7323 §2.2: scaling is on only when both SYNs carry the option; shifts above 14 count as 14.
   * `packet`: the SYN's index, from which the shift applies.
   */
  learnWindowScale(id: number, dir: number, hasOption: boolean, shift: number, packet: number): void {
    if (!hasOption) {
      for (const k of [id * 2, id * 2 + 1]) {
        if (this.winScale[k] === -1) this.winScaleFrom[k] = packet;
        this.winScale[k] = -2;
      }
    } else if (this.winScale[id * 2 + dir] !== -2) {
      if (this.winScale[id * 2 + dir] === -1) this.winScaleFrom[id * 2 + dir] = packet;
      this.winScale[id * 2 + dir] = Math.min(shift, 14);
    }
  }

  /** The shift state of direction `dir` as of packet `packet`: -1 before its SYN was seen (see winScale). */
  windowShiftAt(id: number, dir: number, packet: number): number {
    const k = id * 2 + dir;
    return packet < this.winScaleFrom[k] ? -1 : this.winScale[k];
  }

  /** The window a non-SYN segment (packet `packet`) advertises, scaled when the handshake allowed it. */
  scaledWindow(id: number, dir: number, win: number, packet: number): number {
    const s = this.windowShiftAt(id, dir, packet);
    return s > 0 ? win * 2 ** s : win;
  }

  /** Records the bases this segment reveals. */
  learnBases(id: number, dir: number, syn: boolean, ackFlag: boolean, seq: number, ack: number): void {
    const set = this.baseSet[id];
    if (!(set & (1 << dir))) {
      this.baseSeq[id * 2 + dir] = syn ? seq : (seq - 1) >>> 0;
      this.baseSet[id] |= (1 << dir) | (syn ? 4 << dir : 0);
    }
    const rev = dir ^ 1;
    if (ackFlag && !(this.baseSet[id] & (1 << rev))) {
      this.baseSeq[id * 2 + rev] = (ack - 1) >>> 0;
      this.baseSet[id] |= 1 << rev;
    }
  }

  /** True when a SYN with a new ISN starts a new conversation on a used tuple (tcp.analysis.reused_ports). */
  isReuse(id: number, dir: number, seq: number): boolean {
    return (this.baseSet[id] & (1 << dir)) !== 0 && this.baseSeq[id * 2 + dir] !== seq;
  }

  /**
   * Bases that changed mid-stream (see rebaseOnNewSynAck), keyed by id*2+dir:
   * [first packet index, base] pairs in packet order, so each packet is shown
   * relative to the base in force when tshark dissected it.
   */
  private readonly rebases = new Map<number, Array<[number, number]>>();

  /** True when direction `dir`'s base is the ISN of a SYN it sent (not a segment's seq − 1). */
  baseFromSyn(id: number, dir: number): boolean {
    return (this.baseSet[id] & (4 << dir)) !== 0;
  }

  /**
   * A SYN/ACK with a new ISN on a known conversation: relative numbers count
   * from the new ISN from then on, as tshark 4.0 does.
   */
  rebaseOnNewSynAck(id: number, dir: number, seq: number, packet: number): boolean {
    if (!this.isReuse(id, dir, seq)) return false;
    const key = id * 2 + dir;
    let history = this.rebases.get(key);
    if (!history) this.rebases.set(key, (history = [[0, this.baseSeq[key]]]));
    history.push([packet, seq]);
    this.baseSeq[key] = seq;
    this.baseSet[id] |= 4 << dir;
    return true;
  }

  /** Relative value of a raw seq/ack number of direction `dir`, as of packet index `packet`. */
  relative(id: number, dir: number, raw: number, packet: number): number {
    const history = this.rebases.size ? this.rebases.get(id * 2 + dir) : undefined;
    if (!history) return (raw - this.baseSeq[id * 2 + dir]) >>> 0;
    // The last rebase at or before `packet` (the history is in packet order): a binary search, since
    // one connection reused 50,000 times has as many rebases and every line of a text view asks.
    let lo = 0,
      hi = history.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (history[mid][0] <= packet) lo = mid;
      else hi = mid - 1;
    }
    return (raw - (history[lo][0] <= packet ? history[lo][1] : this.baseSeq[id * 2 + dir])) >>> 0;
  }
}
