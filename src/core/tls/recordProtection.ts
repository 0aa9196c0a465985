import { createDecipheriv, type CipherCCMTypes, type CipherChaCha20Poly1305Types, type CipherGCMTypes } from 'node:crypto';
import type { CipherSuite } from './cipherSuites';
import type { TrafficKey } from './keySchedule';

/** A record's content once decrypted: its real content type (TLS 1.3 hides it inside) and bytes. */
export interface OpenedRecord {
  contentType: number;
  plaintext: Uint8Array;
}

/**
 * Decrypts one protected record (RFC 8446 §5.2-5.3; RFC 5246 §6.2.3.3 with RFC 5288/7905 nonces).
 * `seq` is the record's sequence number under this key; `type` and `version` its header's fields.
 * Undefined when authentication fails: the wrong key, a damaged record, or records out of step.
 */
export function openRecord(suite: CipherSuite, key: TrafficKey, seq: bigint, type: number, version: number, body: Uint8Array): OpenedRecord | undefined {
  const tag = suite.tagLength;
  if (body.length < suite.explicitNonce + tag) return undefined;
  const nonce = new Uint8Array(12);
  let sealed: Uint8Array;
  if (suite.explicitNonce) {
    // TLS 1.2 GCM/CCM: the salt from the key block, then the 8 bytes the record carries.
    nonce.set(key.iv.subarray(0, 4), 0);
    nonce.set(body.subarray(0, 8), 4);
    sealed = body.subarray(8);
  } else {
    nonce.set(key.iv);
    for (let k = 0; k < 8; k++) nonce[11 - k] ^= Number((seq >> BigInt(8 * k)) & 0xffn);
    sealed = body;
  }
  const ciphertext = sealed.subarray(0, sealed.length - tag);
  const authTag = sealed.subarray(sealed.length - tag);
  let aad: Uint8Array;
  if (suite.tls13) aad = Uint8Array.of(type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff);
  else {
    aad = new Uint8Array(13);
    for (let k = 0; k < 8; k++) aad[7 - k] = Number((seq >> BigInt(8 * k)) & 0xffn);
    aad.set([type, version >> 8, version & 0xff, ciphertext.length >> 8, ciphertext.length & 0xff], 8);
  }
  let plain: Uint8Array;
  try {
    plain = decrypt(suite, key.key, nonce, aad, ciphertext, authTag);
  } catch {
    return undefined;
  }
  if (!suite.tls13) return { contentType: type, plaintext: plain };
  // TLSInnerPlaintext: content, the real type, then zero padding.
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (end < 0) return undefined;
  return { contentType: plain[end], plaintext: plain.subarray(0, end) };
}

function decrypt(suite: CipherSuite, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, authTag: Uint8Array): Uint8Array {
  const options = { authTagLength: suite.tagLength };
  const d =
    suite.aead === 'chacha20-poly1305'
      ? createDecipheriv(suite.aead as CipherChaCha20Poly1305Types, key, nonce, options)
      : suite.aead === 'aes-128-ccm' || suite.aead === 'aes-256-ccm'
        ? createDecipheriv(suite.aead as CipherCCMTypes, key, nonce, options)
        : createDecipheriv(suite.aead as CipherGCMTypes, key, nonce, options);
  d.setAuthTag(authTag);
  d.setAAD(aad, { plaintextLength: ciphertext.length });
  const head = d.update(ciphertext);
  const tail = d.final();
  return tail.length ? new Uint8Array(Buffer.concat([head, tail])) : new Uint8Array(head);
}
