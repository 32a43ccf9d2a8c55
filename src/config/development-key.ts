import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where development keeps the data-encryption key it generated, beside the embedded database and the outbox. */
export const DEVELOPMENT_KEY_FILE = '.data/data-encryption.key';

/**
 * The key in `file`, or a new random one written there first (readable by this user only). Two
 * processes starting together agree: the file is created exclusively, and the loser reads the winner's.
 * Returns whether it was created, so the caller can say so.
 */
export function loadOrCreateKey(file: string): { key: string; created: boolean } {
  const key = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const existing = readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(existing, 'utf8') < 32) {
    throw new Error(`${file} holds no usable data-encryption key (at least 32 bytes); set DATA_ENCRYPTION_KEY`);
  }
  return { key: existing, created: false };
}
