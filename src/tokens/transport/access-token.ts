import type { IncomingHttpHeaders } from 'node:http';
import type { Cookies } from './auth-cookies';

export interface GivenAccessToken {
  token: string;
  viaCookie: boolean;
}

/** The Authorization header when present (and then only it); otherwise the browser's access cookie. */
export function accessTokenOf(
  req: { headers: IncomingHttpHeaders; cookies?: Cookies },
  accessCookie: string,
): GivenAccessToken | null {
  if (req.headers.authorization === undefined) {
    const cookie = req.cookies?.[accessCookie];
    return cookie ? { token: cookie, viaCookie: true } : null;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization);
  return match ? { token: match[1], viaCookie: false } : null;
}
