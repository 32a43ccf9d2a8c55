import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKey } from './development-key';

/** The development data-encryption key: generated once, kept, and read back by every later start. */
describe('loadOrCreateKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'doorman-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a random key of 32 bytes in a file only its owner can read, then reads the same key back', () => {
    const file = join(dir, 'nested', 'data-encryption.key');
    const first = loadOrCreateKey(file);
    expect(first.created).toBe(true);
    expect(Buffer.from(first.key, 'base64url')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(loadOrCreateKey(file)).toEqual({ key: first.key, created: false });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key);
  });

  it('refuses a file that holds no usable key, naming the variable to set', () => {
    const file = join(dir, 'data-encryption.key');
    writeFileSync(file, 'short\n');
    expect(() => loadOrCreateKey(file)).toThrow(/no usable data-encryption key.*DATA_ENCRYPTION_KEY/);
  });
});
