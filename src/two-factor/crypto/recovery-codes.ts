import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../common/crypto/sha256';

export const RECOVERY_CODE_COUNT = 10;

// Crockford's base32, lower case: no i, l, o or u, so nothing reads as something else.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 16 characters of 5 bits: 80 random bits, far past guessing, and past brute-forcing a stored SHA-256. */
const LENGTH = 16;
const GROUP = 4;

/** One code as shown: four groups of four, e.g. `7kq2-mx9d-3hpa-w4rt`. */
export function newRecoveryCode(): string {
  // 32 divides 256, so taking 5 bits of each byte is uniform.
  const chars = [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte & 31]);
  const groups = Array.from({ length: LENGTH / GROUP }, (_, i) => chars.slice(i * GROUP, (i + 1) * GROUP).join(''));
  return groups.join('-');
}

/**
 * A code as typed, in its one stored form: case-insensitive, dashes and spaces optional, and the
 * look-alikes Crockford's alphabet leaves out read as what they look like (o → 0, i and l → 1).
 * Null when it cannot be a recovery code.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const folded = input
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  return folded.length === LENGTH && [...folded].every((c) => ALPHABET.includes(c)) ? folded : null;
}

/** What is stored: 80 random bits make a plain SHA-256 as good as a slow hash. */
export const hashRecoveryCode = (normalized: string): string => sha256Hex(`doorman/recovery-code/v1:${normalized}`);
