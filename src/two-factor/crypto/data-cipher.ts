import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { authConfig, type AuthConfig } from '../../config';

/** What is stored: the ciphertext, and the id of the key that sealed it. */
export interface Sealed {
  keyId: string;
  ciphertext: string;
}

interface DataKey {
  id: string;
  key: Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The AES-256-GCM key and its id, both derived from the configured key with HKDF-SHA-256 (under
 * different labels): any string of at least 32 random bytes works, and the id, stored in clear,
 * reveals nothing of the key.
 */
export function deriveKey(secret: string): DataKey {
  const derive = (label: string, bytes: number) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), label, bytes));
  return {
    id: derive('doorman/data-encryption/key-id/v1', 8).toString('hex'),
    key: derive('doorman/data-encryption/aes-256-gcm/v1', 32),
  };
}

/**
 * Encryption at rest (AES-256-GCM, a random 96-bit nonce per message) under DATA_ENCRYPTION_KEY.
 * Each sealed value names its key, so the key can be rotated: new values take the current key,
 * values sealed under a key in DATA_ENCRYPTION_KEY_PREVIOUS still open (and are re-sealed). The
 * `context` (e.g. the owner's id) is authenticated too: a ciphertext copied to another row fails.
 */
@Injectable()
export class DataCipher {
  private readonly current: DataKey;
  private readonly keys = new Map<string, Buffer>();

  constructor(@Inject(authConfig.KEY) config: AuthConfig) {
    this.current = deriveKey(config.dataEncryption.key);
    for (const previous of config.dataEncryption.previousKeys) {
      const { id, key } = deriveKey(previous);
      this.keys.set(id, key);
    }
    this.keys.set(this.current.id, this.current.key);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: Buffer, context: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv).setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const packed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    return { keyId: this.current.id, ciphertext: `${VERSION}.${packed}` };
  }

  /** Throws when the key is not configured or the value (or its context) was tampered with. */
  open({ keyId, ciphertext }: Sealed, context: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) {
      throw new Error(
        `data sealed under key id ${keyId}, which is neither DATA_ENCRYPTION_KEY nor in DATA_ENCRYPTION_KEY_PREVIOUS`,
      );
    }
    const [version, packed] = ciphertext.split('.');
    if (version !== VERSION || !packed) throw new Error(`sealed data of an unknown format (${version})`);
    const raw = Buffer.from(packed, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed data is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(context, 'utf8'))
      .setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  }
}
