import { packetEpoch } from '../summary/timeText';
import { SERVER } from './followChunks';
import type { FollowStream } from './followStream';
import { chunkBytes } from './streamReader';

export type FollowFormat = 'ascii' | 'utf8' | 'hex' | 'raw' | 'carray' | 'yaml';
export const FOLLOW_FORMATS: readonly FollowFormat[] = ['ascii', 'utf8', 'hex', 'raw', 'carray', 'yaml'];
export type FollowDirection = 'both' | 'client' | 'server';

/**
 * A followed stream as tshark's `-z follow,PROTO,FORMAT,N` prints it, written line by line to
 * `line` while the chunks are read one at a time (a 1 GB stream never sits in memory).
 * Layouts mirror tshark 4.0 (ui/cli/tap-follow.c): the server's chunks are indented by a tab when
 * both directions are shown; a gap is the record tshark inserts, the text
 * "[N bytes missing in capture file]" and its NUL, so outputs can be compared line for line.
 * raw and ascii equal tshark's; known differences: yaml timestamps are exact (tshark prints a double,
 * …385967016 for a µs capture's …385967000), and tshark's hex view sometimes drops a text column's
 * trailing space (http-ipv4.pcap stream 0, offset 0x50 of the response).
 * tshark has no utf8 or carray view: utf8 is the ascii layout with the bytes decoded as UTF-8, and
 * carray is Wireshark's GUI "C Arrays" view (ui/qt/follow_stream_dialog.cpp), which has no banner.
 */
export function writeFollowText(s: FollowStream, format: FollowFormat, direction: FollowDirection, line: (text: string) => void): void {
  const show = (d: number): boolean => direction === 'both' || (direction === 'server') === (d === SERVER);
  const indent = (d: number): string => (direction === 'both' && d === SERVER ? '\t' : '');
  const c = s.chunks;
  if (format === 'yaml') {
    writeYaml(s, show, line);
    return;
  }
  if (format === 'carray') {
    const index = [0, 0];
    for (let k = 0; k < c.count; k++) {
      const d = c.direction[k];
      if (show(d)) for (const l of cArrayLines(recordBytes(s, k), d, index[d]++, c.packet[k] + 1)) line(l);
    }
    return;
  }
  const bar = '='.repeat(67);
  line('');
  line(bar);
  line(`Follow: ${s.kind},${format}`);
  line(`Filter: ${s.kind === 'udp' ? 'udp' : 'tcp'}.stream eq ${s.stream}`);
  s.peers.forEach((p, n) => line(`Node ${n}: ${p.text}`));
  const position = [0, 0];
  for (let k = 0; k < c.count; k++) {
    const d = c.direction[k];
    if (!show(d)) continue;
    const bytes = recordBytes(s, k);
    if (format === 'raw') line(indent(d) + hexString(bytes));
    else if (format === 'ascii' || format === 'utf8') {
      line(`${indent(d)}${bytes.length}`);
      line(format === 'ascii' ? asciiText(bytes) : utf8Text(bytes));
    } else {
      for (let at = 0; at < bytes.length; at += 16) line(indent(d) + hexDumpLine(bytes, at, position[d] + at));
      position[d] += bytes.length;
    }
  }
  line(bar);
}

/** What tshark shows for chunk k: its bytes, or for a gap the marker record it inserts. */
export function recordBytes(s: FollowStream, k: number): Uint8Array {
  const c = s.chunks;
  if (!c.isGap(k)) return chunkBytes(s, k);
  return new TextEncoder().encode(`${gapText(c.missing[k])}\0`);
}

/** tshark's text for bytes the receiver acknowledged that the capture lacks. */
export function gapText(missing: number): string {
  return `[${missing} bytes missing in capture file]`;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function hexString(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let j = 0; j < bytes.length; j++) parts[j] = HEX[bytes[j]];
  return parts.join('');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 without Node's Buffer (core also runs where there is none). */
export function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let j = 0; j < bytes.length; j += 3) {
    const n = (bytes[j] << 16) | ((bytes[j + 1] ?? 0) << 8) | (bytes[j + 2] ?? 0);
    parts.push(B64[(n >> 18) & 63], B64[(n >> 12) & 63], j + 1 < bytes.length ? B64[(n >> 6) & 63] : '=', j + 2 < bytes.length ? B64[n & 63] : '=');
  }
  return parts.join('');
}

/** Printable ASCII, CR, LF and tab as themselves, other bytes as '.' (tshark's ascii view). */
export function asciiText(bytes: Uint8Array): string {
  let out = '';
  for (let j = 0; j < bytes.length; j++) {
    const b = bytes[j];
    out += (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09 ? String.fromCharCode(b) : '.';
  }
  return out;
}

/** "00000010  31 0d 0a …  1..Host:  www.exa": offset (upper-case, per direction), 16 bytes in two eights, their text. */
export function hexDumpLine(bytes: Uint8Array, at: number, offset: number): string {
  let hex = '';
  let text = '';
  for (let j = 0; j < 16; j++) {
    const b = at + j < bytes.length ? bytes[at + j] : -1;
    hex += b < 0 ? '   ' : `${HEX[b]} `;
    if (j === 7) hex += ' ';
    if (b >= 0) text += (j === 8 ? ' ' : '') + (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');
  }
  return `${offset.toString(16).toUpperCase().padStart(8, '0')}  ${hex} ${text}`;
}

/**
 * The bytes decoded as UTF-8 (an invalid sequence becomes U+FFFD, as Wireshark's UTF-8 view shows
 * it); control characters other than CR, LF and tab become '.', like the ascii view's, so a
 * capture's escape sequences never reach a terminal or the page as controls.
 */
export function utf8Text(bytes: Uint8Array): string {
  // eslint-disable-next-line no-control-regex
  return UTF8.decode(bytes).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '.');
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/**
 * One chunk as Wireshark's "C Arrays" view writes it: `char peer0_3[] = {` with a comment naming the
 * packet (frame 12: "Packet 12"), then eight "0x.." entries a line, each followed by ", " (the last by " "), and " };" after the last.
 * `peer` is 0 for the client, 1 for the server; `index` counts that peer's arrays; `frame` is 1-based.
 */
export function cArrayLines(bytes: Uint8Array, peer: number, index: number, frame: number): string[] {
  const lines = [`char peer${peer}_${index}[] = { /* Packet ${frame} */`];
  for (let at = 0; at < bytes.length; at += 8) {
    let text = '';
    const end = Math.min(bytes.length, at + 8);
    for (let j = at; j < end; j++) text += `0x${HEX[bytes[j]]}${j + 1 < bytes.length ? ',' : ''} `;
    lines.push(end === bytes.length ? `${text}};` : text);
  }
  return lines;
}

/** tshark's yaml view: the peers, then one entry per chunk with its packet number, time and base64 bytes. */
function writeYaml(s: FollowStream, show: (d: number) => boolean, line: (text: string) => void): void {
  const c = s.chunks;
  line('peers:');
  s.peers.forEach((p, n) => {
    line(`  - peer: ${n}`);
    line(`    host: ${p.address}`);
    line(`    port: ${p.port}`);
  });
  line('packets:');
  for (let k = 0; k < c.count; k++) {
    const d = c.direction[k];
    if (!show(d)) continue;
    const packet = c.packet[k];
    line(`  - packet: ${packet + 1}`);
    line(`    peer: ${d}`);
    line(`    timestamp: ${packetEpoch(s.capture.index, packet) ?? '~'}`);
    line('    data: !!binary |');
    const b64 = base64(recordBytes(s, k));
    for (let at = 0; at < b64.length; at += 76) line(`      ${b64.slice(at, at + 76)}`);
  }
}
