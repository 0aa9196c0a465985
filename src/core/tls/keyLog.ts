/**
 * NSS key log files (what SSLKEYLOGFILE makes browsers, curl and OpenSSL write): one secret per line,
 * `LABEL <client random, hex> <secret, hex>`, keyed by the ClientHello's random so a session finds
 * its secrets. Lines are data from a file the user chose: a bad one is reported with its number,
 * never thrown.
 */

/** The labels of the NSS format we use (TLS 1.2's master secret and TLS 1.3's traffic secrets). */
export const KEY_LOG_LABELS = [
  'CLIENT_RANDOM',
  'CLIENT_EARLY_TRAFFIC_SECRET',
  'EARLY_TRAFFIC_SECRET',
  'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  'CLIENT_TRAFFIC_SECRET_0',
  'SERVER_TRAFFIC_SECRET_0',
  'EXPORTER_SECRET',
] as const;
export type KeyLogLabel = (typeof KEY_LOG_LABELS)[number];

/** The secrets of one session (one client random), by label. */
export type SessionSecrets = Partial<Record<KeyLogLabel, Uint8Array>>;

export interface KeyLogProblem {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export class KeyLog {
  private readonly sessions = new Map<string, SessionSecrets>();
  readonly problems: KeyLogProblem[] = [];

  /** Sessions with at least one secret. */
  get size(): number {
    return this.sessions.size;
  }

  /** The secrets logged for the session whose ClientHello random is `clientRandom` (32 bytes). */
  secretsFor(clientRandom: Uint8Array): SessionSecrets | undefined {
    return this.sessions.get(toHex(clientRandom));
  }

  /** Adds every session of `other` (its secrets win where both have one). */
  addAll(other: KeyLog): void {
    for (const [random, secrets] of other.sessions) this.sessions.set(random, { ...this.sessions.get(random), ...secrets });
  }

  /** Adds the lines of a key log; returns the problems found in them (also kept in `problems`). */
  add(text: string): KeyLogProblem[] {
    const found: KeyLogProblem[] = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((raw, k) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const problem = this.addLine(line);
      if (problem) found.push({ line: k + 1, message: problem });
    });
    this.problems.push(...found);
    return found;
  }

  private addLine(line: string): string | undefined {
    const parts = line.split(/\s+/);
    if (parts.length !== 3) return `expected "LABEL <client random> <secret>", found ${parts.length} field${parts.length === 1 ? '' : 's'}`;
    const [label, random, secret] = parts;
    if (!(KEY_LOG_LABELS as readonly string[]).includes(label)) {
      // Other labels of the format (RSA, CLIENT_HANDSHAKE_SECRET from QUIC drafts…) are not errors, just unused.
      return /^[A-Z0-9_]+$/.test(label) ? undefined : `unknown label "${label.slice(0, 40)}"`;
    }
    if (!/^[0-9a-fA-F]{64}$/.test(random)) return `the client random must be 64 hex digits (32 bytes), found "${random.slice(0, 80)}"`;
    if (!/^([0-9a-fA-F]{2}){16,64}$/.test(secret)) return `the secret must be 16 to 64 bytes of hex, found "${secret.slice(0, 80)}"`;
    if (label === 'CLIENT_RANDOM' && secret.length !== 96) return `a CLIENT_RANDOM master secret is 48 bytes (96 hex digits), found ${secret.length / 2}`;
    const key = random.toLowerCase();
    let s = this.sessions.get(key);
    if (!s) this.sessions.set(key, (s = {}));
    s[label as KeyLogLabel] = fromHex(secret);
    return undefined;
  }
}

/** Parses a key log's text. */
export function parseKeyLog(text: string): KeyLog {
  const log = new KeyLog();
  log.add(text);
  return log;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = parseInt(h.slice(2 * k, 2 * k + 2), 16);
  return out;
}
