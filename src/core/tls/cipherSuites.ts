/**
 * The TLS cipher suites we can decrypt (IANA names, as Wireshark shows them): TLS 1.3's five and
 * TLS 1.2's AEAD suites. `fixedIv`: the implicit part of the nonce (TLS 1.2 GCM/CCM: 4 bytes, with
 * an 8-byte explicit nonce in each record; ChaCha20 and TLS 1.3: 12 bytes XORed with the sequence number).
 */
export type AeadName = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305' | 'aes-128-ccm' | 'aes-256-ccm';

export interface CipherSuite {
  id: number;
  name: string;
  tls13: boolean;
  aead: AeadName;
  hash: 'sha256' | 'sha384';
  keyLength: number;
  fixedIv: number;
  explicitNonce: number;
  tagLength: number;
}

const suite = (id: number, name: string, tls13: boolean, aead: AeadName, hash: 'sha256' | 'sha384', tagLength = 16): CipherSuite => {
  const keyLength = aead === 'aes-128-gcm' || aead === 'aes-128-ccm' ? 16 : 32;
  const xorNonce = tls13 || aead === 'chacha20-poly1305';
  return { id, name, tls13, aead, hash, keyLength, fixedIv: xorNonce ? 12 : 4, explicitNonce: xorNonce ? 0 : 8, tagLength };
};

const SUITES: readonly CipherSuite[] = [
  suite(0x1301, 'TLS_AES_128_GCM_SHA256', true, 'aes-128-gcm', 'sha256'),
  suite(0x1302, 'TLS_AES_256_GCM_SHA384', true, 'aes-256-gcm', 'sha384'),
  suite(0x1303, 'TLS_CHACHA20_POLY1305_SHA256', true, 'chacha20-poly1305', 'sha256'),
  suite(0x1304, 'TLS_AES_128_CCM_SHA256', true, 'aes-128-ccm', 'sha256'),
  suite(0x1305, 'TLS_AES_128_CCM_8_SHA256', true, 'aes-128-ccm', 'sha256', 8),
  suite(0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', false, 'aes-128-gcm', 'sha256'),
  suite(0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', false, 'aes-256-gcm', 'sha384'),
  suite(0xc09c, 'TLS_RSA_WITH_AES_128_CCM', false, 'aes-128-ccm', 'sha256'),
  suite(0xc09d, 'TLS_RSA_WITH_AES_256_CCM', false, 'aes-256-ccm', 'sha256'),
  suite(0xc0ac, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', false, 'aes-128-ccm', 'sha256'),
  suite(0xc0ad, 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM', false, 'aes-256-ccm', 'sha256'),
  suite(0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', false, 'chacha20-poly1305', 'sha256'),
  suite(0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', false, 'chacha20-poly1305', 'sha256'),
  suite(0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', false, 'chacha20-poly1305', 'sha256'),
];

const BY_ID = new Map(SUITES.map((s) => [s.id, s]));

/** The suite with this id, if we can decrypt it. */
export function cipherSuite(id: number): CipherSuite | undefined {
  return BY_ID.get(id);
}
