import { safeReturnTo } from './return-to';

const APP = 'https://app.example.test';

describe('safeReturnTo', () => {
  it.each([
    ['/sessions', '/sessions'],
    ['/account?tab=1#top', '/account?tab=1#top'],
    ['/a/../sessions', '/sessions'],
  ])('keeps the path %s on APP_URL', (given, kept) => {
    expect(safeReturnTo(given, APP)).toBe(kept);
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a scheme', 'javascript:alert(1)'],
    ['a relative path', 'sessions'],
    ['a control character', '/a\nb'],
    ['a tab inside "//"', '/\t/evil.example'],
    ['an empty string', ''],
    ['something not a string', ['/x']],
    ['a path too long', `/${'a'.repeat(600)}`],
  ])('refuses %s', (_what, given) => {
    expect(safeReturnTo(given, APP)).toBeNull();
  });

  it('keeps paths under APP_URL when APP_URL has a path of its own', () => {
    expect(safeReturnTo('/app/sessions', 'https://example.test/app')).toBe('/app/sessions');
    expect(safeReturnTo('/other', 'https://example.test/app')).toBeNull();
  });
});
