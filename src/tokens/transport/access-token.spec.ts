import type { IncomingHttpHeaders } from 'node:http';
import { accessTokenOf } from './access-token';
import type { Cookies } from './auth-cookies';

// Deliberately neither of cookieNames(): the function must read the name it is given, and only it.
const COOKIE = 'test_access';
const request = (authorization?: string, cookies?: Cookies) => ({
  headers: { authorization } as IncomingHttpHeaders,
  cookies,
});

describe('accessTokenOf', () => {
  it.each(['Bearer header.jwt.token', 'bearer header.jwt.token', 'BEARER   header.jwt.token  '])(
    'reads the Authorization header %p',
    (header) => {
      expect(accessTokenOf(request(header), COOKIE)).toEqual({ token: 'header.jwt.token', viaCookie: false });
    },
  );

  it('reads the access cookie when there is no Authorization header', () => {
    expect(accessTokenOf(request(undefined, { [COOKIE]: 'cookie.jwt.token' }), COOKIE)).toEqual({
      token: 'cookie.jwt.token',
      viaCookie: true,
    });
  });

  it('prefers the header to the cookie when both are there', () => {
    expect(accessTokenOf(request('Bearer header.jwt.token', { [COOKIE]: 'cookie.jwt.token' }), COOKIE)).toEqual({
      token: 'header.jwt.token',
      viaCookie: false,
    });
  });

  // A header that is there but wrong is an error of its own: the cookie must not quietly stand in for it.
  it.each(['', 'Bearer', 'Bearer ', 'Bearer two tokens', 'Basic dXNlcjpwYXNz', 'header.jwt.token'])(
    'gives null for the malformed header %p, even with a valid cookie',
    (header) => {
      expect(accessTokenOf(request(header, { [COOKIE]: 'cookie.jwt.token' }), COOKIE)).toBeNull();
    },
  );

  it.each<[string, Cookies]>([
    ['no cookies parsed', undefined],
    ['no cookies', {}],
    ['an empty access cookie', { [COOKIE]: '' }],
    [
      'the token under another name',
      { doorman_access: 'cookie.jwt.token', '__Host-doorman_access': 'cookie.jwt.token' },
    ],
  ])('gives null with no header and %s', (_case, cookies) => {
    expect(accessTokenOf(request(undefined, cookies), COOKIE)).toBeNull();
  });
});
