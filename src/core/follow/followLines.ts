import { packetEpoch } from '../summary/timeText';
import { SERVER } from './followChunks';
import type { FollowStream } from './followStream';
import { chunkBytes } from './streamReader';
import type { FollowDirection, FollowFormat } from './followText';
import { asciiText, base64, cArrayLines, hexDumpLine, hexString, utf8Text } from './followText';

/** Characters of text per screen line in the ascii and utf8 views: longer lines wrap (rows have one height). */
export const TEXT_WRAP = 120;
/** Bytes per base64 line in the yaml view (76 characters, as tshark and RFC 2045). */
const YAML_BYTES_PER_LINE = 57;

/** One screen line of a followed stream, as the Follow view shows it. */
export interface FollowLine {
  text: string;
  /** 0: client, 1: server, -1: neither (the yaml view's peer list). */
  direction: number;
  /** The packet (0-based) whose chunk the line shows; -1 for none. */
  packet: number;
  /** The line stands for bytes the capture lacks ("[N bytes missing]"). */
  gap?: boolean;
}

/**
 * A followed stream laid out as screen lines in one format and direction, without holding its
 * bytes: per shown chunk, where its lines start (a prefix sum), so a window of lines is found by
 * binary search and only its chunks are read from the capture. The line counts of hex, raw, C array
 * and yaml follow from chunk lengths; ascii and utf8 break at line feeds, so building their layout
 * reads each chunk once (one at a time: memory stays one number per chunk, not the stream).
 * In ascii and utf8, as in Wireshark, a side's consecutive chunks read as one text (a line may run
 * on into the next packet; it belongs to the packet it starts in); a change of side or a gap ends it.
 */
export class FollowLines {
  /** The chunks shown (those of the chosen direction), in delivery order. */
  private readonly shown: Int32Array;
  /** First line of each shown chunk; firstLine[n] = total lines. */
  private readonly firstLine: Float64Array;
  /** Per shown chunk, how many arrays its peer had before it (the C array view's names). */
  private readonly ordinal: Uint32Array;
  /** Lines before the first chunk (the yaml view's peer list). */
  private readonly header: string[];
  /** ascii and utf8: per shown chunk, whether it continues the text of the one before, and the line state at its start. */
  private readonly textual: boolean;
  private readonly continues: Uint8Array;
  private readonly startOpen: Uint8Array;
  private readonly startCol: Uint32Array;

  constructor(
    private readonly s: FollowStream,
    readonly format: FollowFormat,
    readonly direction: FollowDirection,
  ) {
    const c = s.chunks;
    const show = (d: number): boolean => direction === 'both' || (direction === 'server') === (d === SERVER);
    let n = 0;
    for (let k = 0; k < c.count; k++) if (show(c.direction[k])) n++;
    this.shown = new Int32Array(n);
    this.ordinal = new Uint32Array(n);
    this.firstLine = new Float64Array(n + 1);
    this.header = format === 'yaml' ? yamlHeader(s) : [];
    this.textual = format === 'ascii' || format === 'utf8';
    this.continues = new Uint8Array(this.textual ? n : 0);
    this.startOpen = new Uint8Array(this.textual ? n : 0);
    this.startCol = new Uint32Array(this.textual ? n : 0);
    const index = [0, 0];
    let line = this.header.length;
    let m = 0;
    const state: TextState = { open: false, col: 0, line: 0 };
    for (let k = 0; k < c.count; k++) {
      const d = c.direction[k];
      if (!show(d)) continue;
      this.shown[m] = k;
      this.ordinal[m] = index[d]++;
      this.firstLine[m] = line;
      if (this.textual) {
        const joined = m > 0 && !c.isGap(k) && !c.isGap(this.shown[m - 1]) && c.direction[this.shown[m - 1]] === d;
        if (!joined) state.open = false;
        this.continues[m] = joined ? 1 : 0;
        this.startOpen[m] = state.open ? 1 : 0;
        this.startCol[m] = state.col;
        if (c.isGap(k)) line++;
        else {
          state.line = line;
          // Only lengths and line feeds matter here: ascii maps byte to character one to one (read
          // the bytes themselves), and utf8's dots for controls keep its text's length.
          const bytes = chunkBytes(s, k);
          scanText(format === 'ascii' ? bytes : UTF8.decode(bytes), state, undefined);
          line = state.line;
        }
      } else line += this.lineCount(k);
      m++;
    }
    this.firstLine[n] = line;
  }

  get count(): number {
    return this.firstLine[this.shown.length];
  }

  /** Lines [start, start + count). */
  lines(start: number, count: number): FollowLine[] {
    const out: FollowLine[] = [];
    const end = Math.min(this.count, start + count);
    for (let l = Math.max(0, start); l < Math.min(end, this.header.length); l++) out.push({ text: this.header[l], direction: -1, packet: -1 });
    if (this.textual) return this.textLines(start, end);
    let m = this.chunkOfLine(Math.max(start, this.header.length));
    for (; m >= 0 && m < this.shown.length && this.firstLine[m] < end; m++) {
      const all = this.chunkLines(m);
      const from = Math.max(0, start - this.firstLine[m]);
      const to = Math.min(all.length, end - this.firstLine[m]);
      for (let j = from; j < to; j++) out.push(all[j]);
    }
    return out;
  }

  /**
   * The next line (or, `backwards`, the previous one) after `from` whose text contains `query`
   * (case-insensitive); -1 when none. Matches within one line only; reads chunk by chunk.
   */
  find(query: string, from: number, backwards: boolean): { line: number; column: number } | undefined {
    const q = query.toLowerCase();
    if (!q || this.count === 0) return undefined;
    const total = this.count;
    // Wraps around once, like an editor's find.
    for (let step = 1; step <= total; step++) {
      const l = (((backwards ? from - step : from + step) % total) + total) % total;
      const text = this.lines(l, 1)[0]?.text ?? '';
      const column = text.toLowerCase().indexOf(q);
      if (column >= 0) return { line: l, column };
    }
    return undefined;
  }

  /** ascii and utf8 lines [start, end): scanned from the chunk the first one starts in, on through its run. */
  private textLines(start: number, end: number): FollowLine[] {
    const out: FollowLine[] = [];
    const c = this.s.chunks;
    const first = this.chunkOfLine(Math.max(0, start));
    if (first < 0) return out;
    const state: TextState = { open: this.startOpen[first] === 1, col: this.startCol[first], line: this.firstLine[first] };
    for (let m = first; m < this.shown.length && state.line < end + (state.open ? 1 : 0); m++) {
      const k = this.shown[m];
      if (m > first && !this.continues[m]) state.open = false;
      const direction = c.direction[k];
      const packet = c.packet[k];
      if (c.isGap(k)) {
        if (state.line >= start && state.line < end) out.push({ text: `[${c.missing[k]} bytes missing]`, direction, packet, gap: true });
        state.line++;
        continue;
      }
      // The line still open from the chunk before continues here, if it is one of ours.
      scanText(this.text(chunkBytes(this.s, k)), state, (line, text, startsHere) => {
        if (line < start || line >= end) return;
        const last = out[out.length - 1];
        if (!startsHere && last && last.direction === direction && out.length && line === start + out.length - 1) last.text += text;
        else out.push({ text, direction, packet });
      });
    }
    return out;
  }

  /** The shown chunk holding line `line` (-1 before the first). */
  private chunkOfLine(line: number): number {
    let lo = 0,
      hi = this.shown.length - 1,
      found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.firstLine[mid] <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private lineCount(k: number): number {
    const c = this.s.chunks;
    if (c.isGap(k)) return 1;
    const n = c.length[k];
    switch (this.format) {
      case 'hex':
        return Math.ceil(n / 16);
      case 'raw':
        return 1;
      case 'carray':
        return 1 + Math.ceil(n / 8);
      case 'yaml':
        return 4 + Math.ceil(n / YAML_BYTES_PER_LINE);
      case 'ascii':
      case 'utf8':
        return 0; // counted by scanText in the constructor
    }
  }

  private text(bytes: Uint8Array): string {
    return this.format === 'utf8' ? utf8Text(bytes) : asciiText(bytes);
  }

  /** Every line of shown chunk m. */
  private chunkLines(m: number): FollowLine[] {
    const s = this.s;
    const c = s.chunks;
    const k = this.shown[m];
    const direction = c.direction[k];
    const packet = c.packet[k];
    if (c.isGap(k)) return [{ text: `[${c.missing[k]} bytes missing]`, direction, packet, gap: true }];
    const bytes = chunkBytes(s, k);
    const line = (text: string): FollowLine => ({ text, direction, packet });
    switch (this.format) {
      case 'ascii':
      case 'utf8':
        return wrapText(this.text(bytes)).map(line);
      case 'raw':
        return [line(hexString(bytes))];
      case 'hex': {
        // Wireshark indents the server's hex lines by four spaces when both directions are shown.
        const indent = this.direction === 'both' && direction === SERVER ? '    ' : '';
        const out: FollowLine[] = [];
        for (let at = 0; at < bytes.length; at += 16) out.push(line(indent + hexDumpLine(bytes, at, c.offset[k] + at)));
        return out;
      }
      case 'carray':
        return cArrayLines(bytes, direction, this.ordinal[m], packet + 1).map(line);
      case 'yaml': {
        const out = [
          `  - packet: ${packet + 1}`,
          `    peer: ${direction}`,
          `    timestamp: ${packetEpoch(s.capture.index, packet) ?? '~'}`,
          '    data: !!binary |',
        ];
        for (let at = 0; at < bytes.length; at += YAML_BYTES_PER_LINE) out.push(`      ${base64(bytes.subarray(at, at + YAML_BYTES_PER_LINE))}`);
        return out.map(line);
      }
    }
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** Where the text scan stands: a line is open (its next character continues it), its length, the next line's number. */
interface TextState {
  open: boolean;
  col: number;
  line: number;
}

/**
 * Lays text out as lines: a line feed ends a line (CRs are not shown), a line longer than TEXT_WRAP
 * wraps (never between the halves of a surrogate pair), and a text ending in a line feed opens no
 * empty line. Advances `state`; `emit(line, text, startsHere)` gets each line's text in this piece
 * (startsHere false: the piece continues a line opened before it).
 */
function scanText(text: string | Uint8Array, state: TextState, emit: ((line: number, text: string, startsHere: boolean) => void) | undefined): void {
  let from = -1;
  let startsHere = false;
  let line = state.line - 1;
  if (state.open) from = 0;
  let piece = '';
  const flush = () => {
    if (emit && from >= 0) emit(line, piece, startsHere);
    piece = '';
  };
  for (let j = 0; j < text.length; j++) {
    const ch = typeof text === 'string' ? text.charCodeAt(j) : text[j];
    if (ch === 0x0d) continue;
    const wrap = state.open && state.col >= TEXT_WRAP && !(ch >= 0xdc00 && ch <= 0xdfff) && ch !== 0x0a;
    if (!state.open || wrap) {
      flush();
      line = state.line++;
      state.open = true;
      state.col = 0;
      from = j;
      startsHere = true;
    }
    if (ch === 0x0a) {
      state.open = false;
      continue;
    }
    if (emit && typeof text === 'string') piece += text[j];
    state.col++;
  }
  flush();
}

/** The yaml view's peer list, as tshark starts it. */
function yamlHeader(s: FollowStream): string[] {
  const out = ['peers:'];
  s.peers.forEach((p, n) => out.push(`  - peer: ${n}`, `    host: ${p.address}`, `    port: ${p.port}`));
  out.push('packets:');
  return out;
}

/**
 * A chunk's text as screen lines: broken after each line feed (CR and LF themselves dropped, as an
 * editor shows them), lines longer than TEXT_WRAP wrapped; a chunk ending in a line feed adds no empty line.
 */
export function wrapText(text: string): string[] {
  const parts = text.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const out: string[] = [];
  for (const part of parts) {
    const p = part.endsWith('\r') ? part.slice(0, -1) : part;
    if (p.length <= TEXT_WRAP) out.push(p);
    else
      for (let at = 0; at < p.length;) {
        // Never between the two halves of a surrogate pair (an emoji in the utf8 view).
        let end = Math.min(p.length, at + TEXT_WRAP);
        if (end < p.length && /[\ud800-\udbff]/.test(p[end - 1])) end--;
        out.push(p.slice(at, end));
        at = end;
      }
  }
  return out;
}

/** Packets and bytes each side contributed to the stream (the Follow view's status line). */
export function followTotals(s: FollowStream): { packets: [number, number]; bytes: [number, number]; gaps: number } {
  const c = s.chunks;
  const packets: [number, number] = [0, 0];
  const last = [-1, -1];
  let gaps = 0;
  for (let k = 0; k < c.count; k++) {
    if (c.isGap(k)) {
      gaps++;
      continue;
    }
    const d = c.direction[k];
    if (c.packet[k] !== last[d]) packets[d]++;
    last[d] = c.packet[k];
  }
  return { packets, bytes: [c.bytes[0], c.bytes[1]], gaps };
}

export type { FollowDirection, FollowFormat };
