import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('are four groups of four from an alphabet without look-alikes: 80 random bits', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    expect(new Set(codes).size).toBe(200);
  });

  it('read the same in any case, with or without dashes and spaces, look-alikes read as what they look like', () => {
    const code = '7kq2-mx9d-3hpa-w4r0';
    const stored = '7kq2mx9d3hpaw4r0';
    for (const typed of [code, code.toUpperCase(), stored, ' 7KQ2 MX9D 3HPA W4R0 ', '7kq2-mx9d-3hpa-w4rO']) {
      expect(normalizeRecoveryCode(typed)).toBe(stored);
    }
    expect(normalizeRecoveryCode('1ll1-0000-0000-0000')).toBe('1111000000000000');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeRecoveryCode('7kq2-mx9d-3hpa')).toBeNull();
    expect(normalizeRecoveryCode('7kq2-mx9d-3hpa-w4r0-x')).toBeNull();
    expect(normalizeRecoveryCode('7kq2-mx9d-3hpa-w4r!')).toBeNull();
    expect(normalizeRecoveryCode('7kq2-mx9d-3hpa-w4ru')).toBeNull();
  });

  it('are stored as a SHA-256 that holds none of the code', () => {
    const hash = hashRecoveryCode('7kq2mx9d3hpaw4r0');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('7kq2');
    expect(hashRecoveryCode('7kq2mx9d3hpaw4r0')).toBe(hash);
  });
});
