/**
 * How a body is best shown: pretty JSON, an image preview, text, or a hex dump. Decided by the
 * declared Content-Type first, then by the bytes (a server that says application/octet-stream for
 * text, or nothing at all). SVG counts as text: it is markup that could script, never an image to
 * render from a capture.
 */
export type BodyKind = 'json' | 'image' | 'text' | 'binary';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/x-icon', 'image/vnd.microsoft.icon', 'image/avif']);

export function bodyKind(contentType: string, sample: Uint8Array): BodyKind {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (IMAGE_TYPES.has(type) && sniffImage(sample)) return 'image';
  if (type.startsWith('text/') || type.endsWith('+xml') || /^application\/(javascript|ecmascript|xml|x-www-form-urlencoded)$/.test(type)) return 'text';
  if (sniffImage(sample)) return 'image';
  return looksLikeText(sample) ? 'text' : 'binary';
}

/** PNG, JPEG, GIF, WebP, BMP and ICO by their magic numbers. */
function sniffImage(b: Uint8Array): boolean {
  const at = (i: number, ...v: number[]) => v.every((x, k) => b[i + k] === x);
  return (
    at(0, 0x89, 0x50, 0x4e, 0x47) ||
    at(0, 0xff, 0xd8, 0xff) ||
    at(0, 0x47, 0x49, 0x46, 0x38) ||
    (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) ||
    at(0, 0x42, 0x4d) ||
    at(0, 0, 0, 1, 0)
  );
}

/** Valid UTF-8 without control characters other than tab, CR, LF, FF. */
function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return true;
  for (const x of b) if (x < 0x20 && x !== 9 && x !== 10 && x !== 13 && x !== 12) return false;
  try {
    // A sample may end inside a multi-byte character: drop up to 3 trailing bytes before checking.
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, b.length - trailingPartial(b)));
    return true;
  } catch {
    return false;
  }
}

function trailingPartial(b: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const x = b[b.length - k];
    if ((x & 0xc0) === 0xc0) return k;
    if ((x & 0x80) === 0) return 0;
  }
  return 0;
}
