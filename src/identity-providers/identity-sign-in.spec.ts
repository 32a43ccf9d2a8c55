import { displayName, usableEmail } from './identity-sign-in.service';

describe('what a provider says, within our rules', () => {
  it.each([
    ['Ada@Example.COM ', 'ada@example.com'],
    ['no-at-sign', null],
    ['two@@example.com', null],
    [`${'a'.repeat(250)}@example.com`, null],
    [null, null],
    ['', null],
  ])('the address %p becomes %p', (given, expected) => {
    expect(usableEmail(given)).toBe(expected);
  });

  it.each([
    ['  Ada Lovelace  ', 'Ada Lovelace'],
    ['Ada\u0000\u0007 Lovelace', 'Ada Lovelace'],
    [null, 'ada'],
    ['   ', 'ada'],
    ['x'.repeat(200), 'x'.repeat(120)],
    ['😀'.repeat(130), '😀'.repeat(120)],
  ])('the name %p becomes %p', (given, expected) => {
    expect(displayName(given, 'ada@example.com')).toBe(expected);
  });
});
