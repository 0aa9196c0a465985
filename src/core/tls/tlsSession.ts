import { parseClientHello, parseServerHello, type TlsSummary } from '../decode/tls';
import type { FollowStream } from '../follow/followStream';
import { chunkAt, readDirection } from '../follow/streamReader';
import { cipherSuite, type CipherSuite } from './cipherSuites';
import { toHex, type KeyLog, type SessionSecrets } from './keyLog';
import { tls12TrafficKeys, tls13NextSecret, tls13TrafficKey, type TrafficKey } from './keySchedule';
import { openRecord } from './recordProtection';

const HANDSHAKE = 22;
const CHANGE_CIPHER_SPEC = 20;
const APPLICATION_DATA = 23;
const FINISHED = 20;
const KEY_UPDATE = 24;
/** RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest. */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';
/** Records are at most 2^14 bytes of plaintext plus expansion (RFC 8446 §5.2): more is not TLS. */
const MAX_RECORD = 16384 + 2048;

/** One record of a stream: where it is, what it holds, and its plaintext once decrypted. */
export interface TlsRecord {
  /** 0: client → server, 1: server → client. */
  direction: number;
  /** Where the record's header starts in its direction's byte stream. */
  offset: number;
  /** Header plus body. */
  length: number;
  /** The packet (0-based) that holds the record's last byte. */
  packet: number;
  /** The header's type; for a decrypted TLS 1.3 record, the inner type. */
  contentType: number;
  /** The header's type and version as on the wire (TLS 1.3 protects every record as application data, 23). */
  headerType: number;
  version: number;
  /** Set when the record was encrypted and is now decrypted. */
  plaintext?: Uint8Array;
  /** Why an encrypted record stays encrypted. */
  undecrypted?: string;
}

export interface TlsSessionKeys {
  /** Hex, as in the key log. */
  clientRandom?: string;
  version?: number;
  suite?: CipherSuite;
  suiteId?: number;
  /** The session is decryptable: its secrets and suite are known. */
  decryptable: boolean;
  /** Why not, in a sentence, when not. */
  reason?: string;
  records: TlsRecord[];
}

/**
 * Decrypts a TCP stream's TLS records with a key log: the hellos give the client random (the key
 * log's index), the chosen suite and version; each direction is then read record by record with its
 * keys, switching at ChangeCipherSpec (TLS 1.2) or at Finished and KeyUpdate (TLS 1.3), as
 * Wireshark's TLS dissector does. Reads the stream's bytes a record at a time, never whole.
 */
export function decryptTlsStream(stream: FollowStream, keys: KeyLog): TlsSessionKeys {
  const hellos = findHellos(stream);
  const out: TlsSessionKeys = { decryptable: false, records: [] };
  if (!hellos.client?.random) {
    out.reason = 'no ClientHello in the capture for this stream: its session cannot be found in the key log';
    return withoutKeys(stream, out);
  }
  out.clientRandom = toHex(hellos.client.random);
  if (!hellos.server?.random || hellos.server.cipherSuite === undefined) {
    out.reason = 'no ServerHello in the capture for this stream: the cipher suite is unknown';
    return withoutKeys(stream, out);
  }
  out.suiteId = hellos.server.cipherSuite;
  out.version = hellos.server.supportedVersion ?? hellos.server.recordVersion;
  out.suite = cipherSuite(out.suiteId);
  const secrets = keys.secretsFor(hellos.client.random);
  const short = `${out.clientRandom.slice(0, 8)}…`;
  if (!out.suite) out.reason = `cipher suite 0x${out.suiteId.toString(16).padStart(4, '0')} is not one we can decrypt (AEAD suites only)`;
  else if (!secrets) out.reason = `no key for this session: CLIENT_RANDOM ${short} is not in the key log`;
  else if (out.suite.tls13 && !(secrets.CLIENT_HANDSHAKE_TRAFFIC_SECRET && secrets.SERVER_HANDSHAKE_TRAFFIC_SECRET))
    out.reason = `the key log has no TLS 1.3 handshake traffic secrets for ${short}`;
  else if (!out.suite.tls13 && !secrets.CLIENT_RANDOM) out.reason = `the key log has no CLIENT_RANDOM (master secret) line for ${short}`;
  if (out.reason || !out.suite || !secrets) return withoutKeys(stream, out);
  out.decryptable = true;
  const keyFor = sessionKeys(out.suite, secrets, hellos.client.random, hellos.server.random);
  out.records = inCaptureOrder([...walk(stream, 0, keyFor(0)), ...walk(stream, 1, keyFor(1))]);
  return out;
}

/** The records as they are, each encrypted one saying why it stays so (the session's reason). */
function withoutKeys(stream: FollowStream, out: TlsSessionKeys): TlsSessionKeys {
  out.records = inCaptureOrder([...walk(stream, 0), ...walk(stream, 1)]);
  // Application data is always protected; in TLS 1.2 so is everything after ChangeCipherSpec.
  const afterCcs = [false, false];
  for (const r of out.records) {
    if (r.contentType === APPLICATION_DATA || afterCcs[r.direction]) r.undecrypted = out.reason;
    if (r.contentType === CHANGE_CIPHER_SPEC) afterCcs[r.direction] = true;
  }
  return out;
}

function inCaptureOrder(records: TlsRecord[]): TlsRecord[] {
  return records.sort((a, b) => a.packet - b.packet || a.direction - b.direction || a.offset - b.offset);
}

/** A direction's keys as the handshake moves on: the first, and the next after a switch. */
interface DirectionKeys {
  suite: CipherSuite;
  /** TLS 1.3: encrypted from the first protected record; TLS 1.2: from ChangeCipherSpec. */
  tls13: boolean;
  first(): TrafficKey;
  /** TLS 1.3: after Finished (application keys) or KeyUpdate (the next generation). */
  next(reason: 'finished' | 'update'): TrafficKey | undefined;
}

function sessionKeys(suite: CipherSuite, s: SessionSecrets, clientRandom: Uint8Array, serverRandom: Uint8Array): (direction: number) => DirectionKeys {
  if (!suite.tls13) {
    const both = tls12TrafficKeys(suite.hash, s.CLIENT_RANDOM!, clientRandom, serverRandom, suite.keyLength, suite.fixedIv);
    return (direction) => ({ suite, tls13: false, first: () => (direction === 0 ? both.client : both.server), next: () => undefined });
  }
  return (direction) => {
    let secret = direction === 0 ? s.CLIENT_TRAFFIC_SECRET_0 : s.SERVER_TRAFFIC_SECRET_0;
    let inApplication = false;
    const handshake = direction === 0 ? s.CLIENT_HANDSHAKE_TRAFFIC_SECRET! : s.SERVER_HANDSHAKE_TRAFFIC_SECRET!;
    return {
      suite,
      tls13: true,
      first: () => tls13TrafficKey(suite.hash, handshake, suite.keyLength),
      next: (why) => {
        if (!secret) return undefined;
        if (why === 'finished' && !inApplication) inApplication = true;
        else if (why === 'update' && inApplication) secret = tls13NextSecret(suite.hash, secret);
        else return undefined;
        return tls13TrafficKey(suite.hash, secret, suite.keyLength);
      },
    };
  };
}

/**
 * The records of one direction in order, decrypted with `keys` when given. Stops at a gap in the
 * capture (records after missing bytes cannot be found) or at bytes that are not TLS.
 */
function walk(stream: FollowStream, direction: number, keys?: DirectionKeys): TlsRecord[] {
  const records: TlsRecord[] = [];
  const limit = Math.min(stream.chunks.bytes[direction], firstGap(stream, direction));
  let key: TrafficKey | undefined;
  let seq = 0n;
  let failed: string | undefined;
  // TLS 1.3's protected handshake messages may span records: their bytes, to find Finished and KeyUpdate.
  let handshake: Uint8Array = new Uint8Array(0);
  for (let at = 0; at + 5 <= limit;) {
    const h = readDirection(stream, direction, at, at + 5);
    const type = h[0],
      version = (h[1] << 8) | h[2],
      length = (h[3] << 8) | h[4];
    if (type < 20 || type > 24 || h[1] !== 3 || length > MAX_RECORD || at + 5 + length > limit) break;
    const record: TlsRecord = {
      direction,
      offset: at,
      length: 5 + length,
      packet: packetAt(stream, direction, at + 4 + length),
      contentType: type,
      headerType: type,
      version,
    };
    records.push(record);
    const encrypted = keys && (key !== undefined || (keys.tls13 && type === APPLICATION_DATA));
    if (keys && !key && keys.tls13 && type === APPLICATION_DATA) key = keys.first();
    if (encrypted && key) {
      if (failed) record.undecrypted = failed;
      else {
        const opened = openRecord(keys.suite, key, seq, type, version, readDirection(stream, direction, at + 5, at + 5 + length));
        seq++;
        if (!opened) {
          failed = 'decryption failed: the key does not open this record (a wrong key log line, or records missing before it)';
          record.undecrypted = failed;
        } else {
          record.contentType = opened.contentType;
          record.plaintext = opened.plaintext;
          if (keys.tls13 && opened.contentType === HANDSHAKE) {
            handshake = concat(handshake, opened.plaintext);
            const { switchTo, rest } = handshakeSwitch(handshake);
            handshake = rest;
            if (switchTo) {
              const next = keys.next(switchTo);
              if (next) {
                key = next;
                seq = 0n;
              }
            }
          }
        }
      }
    }
    if (keys && !keys.tls13 && type === CHANGE_CIPHER_SPEC && !key) {
      key = keys.first();
      seq = 0n;
    }
    at += 5 + length;
  }
  return records;
}

/** Complete handshake messages in `bytes`: whether one of them switches keys, and the unfinished rest. */
function handshakeSwitch(bytes: Uint8Array): { switchTo?: 'finished' | 'update'; rest: Uint8Array } {
  let at = 0;
  let switchTo: 'finished' | 'update' | undefined;
  while (at + 4 <= bytes.length) {
    const len = (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    if (at + 4 + len > bytes.length) break;
    if (bytes[at] === FINISHED) switchTo = 'finished';
    else if (bytes[at] === KEY_UPDATE) switchTo = 'update';
    at += 4 + len;
  }
  return { switchTo, rest: bytes.slice(at) };
}

/** The first ClientHello (client → server) and the ServerHello that is not a HelloRetryRequest. */
function findHellos(stream: FollowStream): { client?: TlsSummary; server?: TlsSummary } {
  const client = firstHello(stream, 0, 1);
  const server = firstHello(stream, 1, 2);
  return { client, server };
}

function firstHello(stream: FollowStream, direction: number, wanted: number): TlsSummary | undefined {
  const limit = Math.min(stream.chunks.bytes[direction], firstGap(stream, direction));
  let messages: Uint8Array = new Uint8Array(0);
  for (let at = 0; at + 5 <= limit;) {
    const h = readDirection(stream, direction, at, at + 5);
    const length = (h[3] << 8) | h[4];
    if (h[1] !== 3 || length > MAX_RECORD || at + 5 + length > limit) return undefined;
    if (h[0] === HANDSHAKE) {
      messages = concat(messages, readDirection(stream, direction, at + 5, at + 5 + length));
      let m = 0;
      while (m + 4 <= messages.length) {
        const len = (messages[m + 1] << 16) | (messages[m + 2] << 8) | messages[m + 3];
        if (m + 4 + len > messages.length) break;
        if (messages[m] === wanted) {
          const out: TlsSummary = { messages: [], recordVersion: (h[1] << 8) | h[2] };
          if (wanted === 1) parseClientHello(messages, m + 4, m + 4 + len, out);
          else parseServerHello(messages, m + 4, m + 4 + len, out);
          if (!(wanted === 2 && out.random && toHex(out.random) === HRR_RANDOM)) return out;
        }
        m += 4 + len;
      }
      messages = messages.slice(m);
    } else if (h[0] !== CHANGE_CIPHER_SPEC && h[0] !== 21) return undefined;
    at += 5 + length;
  }
  return undefined;
}

/** Where the first bytes missing from the capture are in a direction (Infinity: none). */
function firstGap(stream: FollowStream, direction: number): number {
  const c = stream.chunks;
  for (const k of c.ofDirection(direction)) if (c.isGap(k)) return c.offset[k];
  return Infinity;
}

function packetAt(stream: FollowStream, direction: number, offset: number): number {
  const k = chunkAt(stream, direction, offset);
  return k >= 0 ? stream.chunks.packet[k] : -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
