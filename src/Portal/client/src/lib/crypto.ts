// Zero-knowledge keys (PRODUCT.md F3), all in the browser with WebCrypto. The password never leaves this file.
//
//   master    = PBKDF2-SHA-256(password (NFC), salt: 16 random bytes per user, ≥ 600 000 iterations) → 256 bit
//   authKey   = HKDF-SHA-256(master, salt, info "RedConnect v1 authentication key") → 256 bit, sent to the server
//   kek       = HKDF-SHA-256(master, salt, info "RedConnect v1 key-encryption key") → AES-256-GCM, non-extractable
//   practice key: random AES-256-GCM, stored on the server only wrapped by kek (AES-GCM, random 12-byte IV)
//
// Everything patient-related is sealed with the practice key (AES-GCM, random 12-byte IV) and a purpose
// string as additional data, so a sealed access code cannot be passed off as a patient label or vice versa.

export const KDF_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export type Bytes = Uint8Array<ArrayBuffer>;

export interface Sealed {
  ciphertext: string;
  iv: string;
}

export interface DerivedKeys {
  authKey: Bytes;
  keyEncryptionKey: CryptoKey;
}

export type SealPurpose = 'patient-label' | 'access-code organizer' | 'access-code participant';

export function randomBytes(length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text: string): Bytes {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function utf8(text: string): Bytes {
  return new Uint8Array(encoder.encode(text));
}

export async function deriveKeys(password: string, salt: Bytes, iterations: number): Promise<DerivedKeys> {
  const passwordKey = await crypto.subtle.importKey('raw', utf8(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const master = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, passwordKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', master, 'HKDF', false, ['deriveBits', 'deriveKey']);
  const authKey = new Uint8Array(await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8('RedConnect v1 authentication key') }, hkdf, 256));
  const keyEncryptionKey = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8('RedConnect v1 key-encryption key') }, hkdf,
    { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
  return { authKey, keyEncryptionKey };
}

/** A new practice key; extractable only so that it can be wrapped once, right after creation. */
export function createPracticeKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

const wrapData = () => utf8('RedConnect v1 practice key');

export async function wrapPracticeKey(practiceKey: CryptoKey, kek: CryptoKey): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const wrapped = await crypto.subtle.wrapKey('raw', practiceKey, kek, { name: 'AES-GCM', iv, additionalData: wrapData() });
  return { ciphertext: toBase64(new Uint8Array(wrapped)), iv: toBase64(iv) };
}

/** Unwraps the practice key as a non-extractable key: script on the page can use it but never read it. */
export function unwrapPracticeKey(wrapped: Sealed, kek: CryptoKey): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey('raw', fromBase64(wrapped.ciphertext), kek,
    { name: 'AES-GCM', iv: fromBase64(wrapped.iv), additionalData: wrapData() },
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, plaintext: string, purpose: SealPurpose): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8('RedConnect v1 ' + purpose) }, key, utf8(plaintext));
  return { ciphertext: toBase64(new Uint8Array(ciphertext)), iv: toBase64(iv) };
}

export async function open(key: CryptoKey, sealed: Sealed, purpose: SealPurpose): Promise<string> {
  const plaintext = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: utf8('RedConnect v1 ' + purpose) }, key, fromBase64(sealed.ciphertext));
  return decoder.decode(plaintext);
}
