import type { BodyKind, HttpBodyMode } from '../src/protocol';

/**
 * How the HTTP tab turns a message body into something to look at: which modes fit it, and the
 * pure conversions (pretty JSON, a hex dump, an image's data: URL). No DOM: unit-tested in Node.
 */

/** Image types the preview shows in an <img>. SVG is one: an <img> runs none of its scripts, unlike inline SVG. */
const IMAGE_MIME = /^image\/(png|jpeg|gif|webp|bmp|x-icon|vnd\.microsoft\.icon|avif|svg\+xml)$/;

/** The Content-Type's media type, lower case, without parameters. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** The modes offered for a body: text and hex always; JSON for JSON or text; a preview for images (SVG too). */
export function bodyModes(contentType: string, kind: BodyKind): HttpBodyMode[] {
  const modes: HttpBodyMode[] = ['text'];
  if (kind === 'json' || kind === 'text') modes.push('json');
  if (kind === 'image' || IMAGE_MIME.test(mediaType(contentType))) modes.push('image');
  modes.push('hex');
  return modes;
}

/** The mode a body opens in: what its kind says (SVG, which the engine calls text, is previewed). */
export function defaultMode(contentType: string, kind: BodyKind): HttpBodyMode {
  if (kind === 'json') return 'json';
  if (kind === 'image' || mediaType(contentType) === 'image/svg+xml') return 'image';
  return kind === 'binary' ? 'hex' : 'text';
}

/** JSON indented by two spaces, or why the text is not JSON (the parser's message). */
export function prettyJson(text: string): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (e) {
    return { ok: false, error: parserMessage(e instanceof Error ? e.message : String(e)) };
  }
}

/**
 * The parser's reason on one short line, without the excerpt of the body V8 quotes ("Unexpected
 * token 'x', "x«\nV…" is not valid JSON"): bytes of a binary body make no message.
 */
function parserMessage(message: string): string {
  let short = '';
  for (const c of message.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '')) short += c < ' ' || (c >= '\x7f' && c <= '\x9f') ? ' ' : c;
  return short.length > 100 ? `${short.slice(0, 100)}…` : short;
}

/**
 * A hex dump in tshark's follow hex layout, 16 bytes a line: the offset (`start` is the first byte's
 * offset in the body), two groups of eight bytes, and the printable ASCII ('.' for the rest).
 */
export function hexDump(bytes: ArrayLike<number>, start: number): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    let hex = '';
    let ascii = '';
    for (let k = 0; k < 16; k++) {
      const i = at + k;
      if (k === 8) hex += ' ';
      if (i < bytes.length) {
        const b = bytes[i];
        hex += `${b.toString(16).padStart(2, '0')} `;
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += '   ';
    }
    lines.push(`${(start + at).toString(16).padStart(8, '0')}  ${hex}  ${ascii}`);
  }
  return lines.join('\n');
}

/** The media type an image body is shown as: its declared one when that is an image type, else sniffed. */
export function imageMime(contentType: string, bytes: ArrayLike<number>): string {
  const declared = mediaType(contentType);
  if (IMAGE_MIME.test(declared)) return declared;
  const at = (i: number, ...v: number[]) => v.every((x, k) => bytes[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(0, 0x42, 0x4d)) return 'image/bmp';
  if (at(0, 0, 0, 1, 0)) return 'image/x-icon';
  return 'application/octet-stream';
}

/** A data: URL of the bytes (the page's CSP allows data: images; blob: would need widening it). */
export function dataUrl(mime: string, bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with a whole image as arguments overflows the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return `data:${mime};base64,${btoa(binary)}`;
}

/** "1,234 bytes", "1 byte". */
export function byteCount(n: number): string {
  return n === 1 ? '1 byte' : `${n.toLocaleString('en-US')} bytes`;
}
