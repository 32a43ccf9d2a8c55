import { Test } from '@nestjs/testing';
import { authConfig } from '../config';
import { testAuthConfig } from '../../test/unit/config.fixture';
import { PasswordHasher } from './password.hasher';

// Cost 4: the test below reads it back from the hash.
const config = testAuthConfig({ bcryptRounds: 4 });

describe('PasswordHasher', () => {
  let hasher: PasswordHasher;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [PasswordHasher, { provide: authConfig.KEY, useValue: config }],
    }).compile();
    await moduleRef.init();
    hasher = moduleRef.get(PasswordHasher);
  });

  it('verifies a hash with the same password and not with another', async () => {
    const hash = await hasher.hash('correct horse battery staple');

    await expect(hasher.verify('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapler', hash)).resolves.toBe(false);
  });

  it('uses the configured bcrypt cost', async () => {
    await expect(hasher.hash('some password')).resolves.toMatch(/^\$2[aby]\$04\$/);
  });

  it('matches composed and decomposed forms of the same password (NFKC)', async () => {
    const composed = 'caf\u00e9 secret';
    const decomposed = 'cafe\u0301 secret';
    expect(composed).not.toBe(decomposed);

    const hash = await hasher.hash(composed);

    await expect(hasher.verify(decomposed, hash)).resolves.toBe(true);
  });

  it('counts every byte: passwords sharing their first 72 bytes do not match', async () => {
    const prefix = 'p'.repeat(72);
    const first = `${prefix}-first-tail`;
    const second = `${prefix}-second-tail`;
    expect(Buffer.byteLength(first)).toBeGreaterThan(72);
    expect(Buffer.from(first).subarray(0, 72)).toEqual(Buffer.from(second).subarray(0, 72));

    const hash = await hasher.hash(first);

    await expect(hasher.verify(first, hash)).resolves.toBe(true);
    await expect(hasher.verify(second, hash)).resolves.toBe(false);
    await expect(hasher.verify(prefix, hash)).resolves.toBe(false);
  });

  it('does not put the plaintext in the hash', async () => {
    const password = 'plaintext-marker-42';

    const hash = await hasher.hash(password);

    expect(hash).not.toContain(password);
    expect(hash).not.toContain('plaintext');
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);

    expect(a).not.toBe(b);
  });

  it('verifyNothing resolves false, whatever the password', async () => {
    await expect(hasher.verifyNothing('any password')).resolves.toBe(false);
    await expect(hasher.verifyNothing('')).resolves.toBe(false);
  });
});
