import { createHash, randomBytes } from 'node:crypto';

/** `ah_` + 40 base62 characters: ~238 bits of entropy, so a single SHA-256 is a safe lookup key. */
export const API_KEY_PREFIX = 'ah_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DISPLAY_PREFIX_LENGTH = 11;

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  secretSha256: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

export function generateApiKey(): GeneratedApiKey {
  const bytes = randomBytes(40);
  let body = '';
  // 256 % 62 leaves a small bias; rejection sampling keeps characters uniform.
  for (const byte of bytes) if (byte < 248) body += ALPHABET[byte % 62];
  while (body.length < 40) {
    const byte = randomBytes(1)[0];
    if (byte < 248) body += ALPHABET[byte % 62];
  }
  const key = `${API_KEY_PREFIX}${body.slice(0, 40)}`;
  return { key, prefix: displayPrefix(key), secretSha256: hashApiKey(key) };
}

/** Reads `Authorization: Bearer <key>`; anything else is no key at all. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return match?.[1];
}
