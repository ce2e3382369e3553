import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigError, ConfigErrorCodes } from '../errors.js';

/** Sealed values look like `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
const VERSION = 'v1';
/** The environment variable SEALED reads its key from unless told otherwise. */
export const DEFAULT_SEALED_KEY_ENV = 'PLUGBOARD_SEALED_KEY';

/** A new random AES-256 key, base64url encoded (43 characters). */
export function generateSealedKey(): string {
  return randomBytes(32).toString('base64url');
}

function keyBytes(key: string): Buffer {
  const bytes = Buffer.from(key.trim(), 'base64url');
  if (bytes.length !== 32) {
    throw new ConfigError(
      ConfigErrorCodes.SEALED_KEY_MISSING,
      `the SEALED key must be 32 bytes in base64 (got ${bytes.length} bytes). Create one with \`plugboard-seal generate-key\`.`,
    );
  }
  return bytes;
}

/** Encrypt a value with AES-256-GCM; the result is safe to commit in a config file. */
export function sealValue(plaintext: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
}

/** Decrypt a sealed value; throws PB_CONFIG_SEALED_DECRYPT for a wrong key or a damaged value. */
export function unsealValue(sealed: string, key: string): string {
  const parts = sealed.trim().split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new ConfigError(
      ConfigErrorCodes.SEALED_DECRYPT,
      `this is not a sealed value (expected ${VERSION}.<iv>.<tag>.<data>). Create it with \`plugboard-seal encrypt\`.`,
    );
  }
  const [, iv, tag, data] = parts as [string, string, string, string];
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      ConfigErrorCodes.SEALED_DECRYPT,
      'cannot decrypt a SEALED value: the key is wrong or the value was altered. Use the key it was sealed with, or seal the value again.',
      { cause: error },
    );
  }
}
