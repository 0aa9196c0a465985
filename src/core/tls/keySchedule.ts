import { createHmac } from 'node:crypto';

/**
 * Traffic keys from the logged secrets: TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1, §7.3) and
 * TLS 1.2's PRF key expansion (RFC 5246 §5, §6.3). Node's own HMAC; nothing downloaded.
 */

/** HKDF-Expand (RFC 5869 §2.3): `secret` is already a pseudorandom key, as TLS 1.3's secrets are. */
export function hkdfExpand(hash: string, secret: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let previous = new Uint8Array(0);
  for (let filled = 0, k = 1; filled < length; k++) {
    previous = new Uint8Array(createHmac(hash, secret).update(previous).update(info).update(Uint8Array.of(k)).digest());
    out.set(previous.subarray(0, Math.min(previous.length, length - filled)), filled);
    filled += previous.length;
  }
  return out;
}

/** HKDF-Expand-Label(Secret, Label, Context, Length) with the "tls13 " prefix. */
export function hkdfExpandLabel(hash: string, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  const full = new TextEncoder().encode(`tls13 ${label}`);
  const info = new Uint8Array(2 + 1 + full.length + 1 + context.length);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = full.length;
  info.set(full, 3);
  info[3 + full.length] = context.length;
  info.set(context, 4 + full.length);
  return hkdfExpand(hash, secret, info, length);
}

export interface TrafficKey {
  key: Uint8Array;
  iv: Uint8Array;
}

/** A TLS 1.3 traffic secret's write key and IV (RFC 8446 §7.3). */
export function tls13TrafficKey(hash: string, secret: Uint8Array, keyLength: number): TrafficKey {
  return { key: hkdfExpandLabel(hash, secret, 'key', new Uint8Array(0), keyLength), iv: hkdfExpandLabel(hash, secret, 'iv', new Uint8Array(0), 12) };
}

/** The next application traffic secret after a KeyUpdate (RFC 8446 §7.2). */
export function tls13NextSecret(hash: string, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, 'traffic upd', new Uint8Array(0), secret.length);
}

/** TLS 1.2's PRF: P_hash(secret, label + seed) (RFC 5246 §5). */
export function tls12Prf(hash: string, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  const labelSeed = new Uint8Array([...new TextEncoder().encode(label), ...seed]);
  const out = new Uint8Array(length);
  let a: Uint8Array = labelSeed;
  for (let filled = 0; filled < length;) {
    a = new Uint8Array(createHmac(hash, secret).update(a).digest());
    const block = createHmac(hash, secret).update(a).update(labelSeed).digest();
    out.set(block.subarray(0, Math.min(block.length, length - filled)), filled);
    filled += block.length;
  }
  return out;
}

/**
 * TLS 1.2 AEAD keys from the master secret (RFC 5246 §6.3; AEAD suites have no MAC keys):
 * client_write_key, server_write_key, client_write_IV, server_write_IV.
 */
export function tls12TrafficKeys(
  hash: string,
  masterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  keyLength: number,
  ivLength: number,
): { client: TrafficKey; server: TrafficKey } {
  const seed = new Uint8Array([...serverRandom, ...clientRandom]);
  const block = tls12Prf(hash, masterSecret, 'key expansion', seed, 2 * keyLength + 2 * ivLength);
  return {
    client: { key: block.subarray(0, keyLength), iv: block.subarray(2 * keyLength, 2 * keyLength + ivLength) },
    server: { key: block.subarray(keyLength, 2 * keyLength), iv: block.subarray(2 * keyLength + ivLength, 2 * keyLength + 2 * ivLength) },
  };
}
