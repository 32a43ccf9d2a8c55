import { testAuthConfig } from '../../../test/unit/config.fixture';
import { DataCipher, deriveKey } from './data-cipher';

const OLD = 'an-older-data-encryption-key-of-32-bytes';
const NEW = 'the-current-data-encryption-key-of-32-bytes';
const cipherWith = (key: string, previousKeys: string[] = []) =>
  new DataCipher(testAuthConfig({ dataEncryption: { key, previousKeys } }));
const secret = Buffer.from('0123456789abcdefghij');

describe('DataCipher', () => {
  it('seals under the current key, naming it by an id that is not the key, and opens what it sealed', () => {
    const cipher = cipherWith(NEW);
    const sealed = cipher.seal(secret, 'user-1');

    expect(sealed.keyId).toBe(deriveKey(NEW).id);
    expect(sealed.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(sealed.ciphertext).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed.ciphertext).not.toContain(secret.toString('base64url'));
    expect(cipher.open(sealed, 'user-1')).toEqual(secret);
  });

  it('uses a fresh nonce each time: the same secret never seals the same way twice', () => {
    const cipher = cipherWith(NEW);
    expect(cipher.seal(secret, 'user-1').ciphertext).not.toBe(cipher.seal(secret, 'user-1').ciphertext);
  });

  it('refuses a ciphertext moved to another context (another user) or tampered with', () => {
    const cipher = cipherWith(NEW);
    const sealed = cipher.seal(secret, 'user-1');
    expect(() => cipher.open(sealed, 'user-2')).toThrow();

    const raw = Buffer.from(sealed.ciphertext.slice(3), 'base64url');
    raw[raw.length - 20] ^= 1;
    expect(() => cipher.open({ ...sealed, ciphertext: `v1.${raw.toString('base64url')}` }, 'user-1')).toThrow();
    expect(() => cipher.open({ ...sealed, ciphertext: 'v2.AAAA' }, 'user-1')).toThrow(/unknown format/);
    expect(() => cipher.open({ ...sealed, ciphertext: 'v1.AAAA' }, 'user-1')).toThrow(/truncated/);
  });

  it('rotates: after the key changes, what the old key sealed still opens while it is listed as previous', () => {
    const sealedOld = cipherWith(OLD).seal(secret, 'user-1');
    const rotated = cipherWith(NEW, [OLD]);

    expect(rotated.open(sealedOld, 'user-1')).toEqual(secret);
    expect(rotated.seal(secret, 'user-1').keyId).toBe(rotated.currentKeyId);
    expect(rotated.currentKeyId).not.toBe(sealedOld.keyId);
    // Dropped from the list, the old key's data no longer opens, and the error names both variables.
    expect(() => cipherWith(NEW).open(sealedOld, 'user-1')).toThrow(
      /neither DATA_ENCRYPTION_KEY nor in DATA_ENCRYPTION_KEY_PREVIOUS/,
    );
  });
});
