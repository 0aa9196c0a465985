/**
 * A file name for an exported HTTP object, safe on every file system: a hostile server names its
 * object "../../etc/passwd", "CON", or 5,000 characters, and the export must still land inside the
 * chosen folder under a name Windows, macOS and Linux all accept.
 */

/** Windows device names, refused with any extension ("CON.txt" too). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Longest name kept, in characters (file systems allow 255 bytes; UTF-8 may need 3 per character). */
const MAX_NAME = 80;

/**
 * The name an object's bytes are saved under: Content-Disposition's filename (RFC 6266) when the
 * response gives one, else the last segment of the URI's path, else `fallback`; then sanitised.
 */
export function objectFileName(uri: string | undefined, contentDisposition: string | undefined, fallback = 'object'): string {
  const fromHeader = contentDisposition ? dispositionFileName(contentDisposition) : undefined;
  const fromUri = uri ? lastPathSegment(uri) : undefined;
  return sanitizeFileName(fromHeader || fromUri || fallback, fallback);
}

/** filename*=UTF-8''… (RFC 8187) wins over filename="…"; undefined when neither is there. */
export function dispositionFileName(value: string): string | undefined {
  const star = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;]*)/i.exec(value);
  if (star) {
    const decoded = percentDecode(star[2].trim());
    if (decoded) return decoded;
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(value);
  if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
  const token = /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(value);
  return token ? token[1] : undefined;
}

/** The URI's last path segment, percent-decoded, without query or fragment ("/a/b.png?x=1" → "b.png"). */
function lastPathSegment(uri: string): string | undefined {
  let path = uri.replace(/[?#].*$/s, '');
  // Absolute-form (a proxy request): drop scheme and authority.
  path = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const decoded = percentDecode(path);
  const segment = decoded.split(/[/\\]/).pop();
  return segment || undefined;
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Only the last path component (a name with "/" or "\" in it loses what comes before), no
 * control characters or characters Windows forbids (< > : " | ? *), no trailing dots or spaces
 * (Windows strips them), not "." or "..", not a device name, at most MAX_NAME characters with the
 * extension kept.
 */
export function sanitizeFileName(name: string, fallback = 'object'): string {
  let s = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_');
  s = s.replace(/[. ]+$/, '').replace(/^\s+/, '');
  if (s === '' || /^\.+$/.test(s)) s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  if (s.length > MAX_NAME) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
    s = s.slice(0, MAX_NAME - ext.length) + ext;
  }
  return s;
}

/** `name` made unique among `taken` the way Wireshark does: "a.txt", "a(1).txt", "a(2).txt". */
export function uniqueFileName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const candidate = `${stem}(${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}
