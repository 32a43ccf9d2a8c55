import { Inject, Injectable } from '@nestjs/common';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { authConfig, type AuthConfig } from '../../config';
import type { AuthPayloadModel } from '../models/auth-payload.model';

/** A request with `X-Auth-Transport: cookie` gets its tokens as cookies instead of in the body. */
export const TRANSPORT_HEADER = 'x-auth-transport';
/** The refresh cookie travels only to the GraphQL endpoint. */
export const REFRESH_COOKIE_PATH = '/graphql';

export type Cookies = Record<string, string | undefined> | undefined;

export const cookieNames = (secure: boolean) => ({
  access: secure ? '__Host-doorman_access' : 'doorman_access',
  refresh: secure ? '__Secure-doorman_refresh' : 'doorman_refresh',
});

/**
 * The browser transport: HttpOnly, SameSite=Lax cookies. When Secure (the default) they carry the
 * `__Host-`/`__Secure-` prefixes, so a sibling subdomain cannot plant its own over ours.
 */
@Injectable()
export class AuthCookies {
  readonly accessName: string;
  readonly refreshName: string;

  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {
    ({ access: this.accessName, refresh: this.refreshName } = cookieNames(config.cookieSecure));
  }

  requested(headers: Record<string, string | string[] | undefined>): boolean {
    return (
      String(headers[TRANSPORT_HEADER] ?? '')
        .trim()
        .toLowerCase() === 'cookie'
    );
  }

  refreshToken(cookies: Cookies): string | undefined {
    return cookies?.[this.refreshName] || undefined;
  }

  /** Sets both cookies and returns the payload without its tokens. */
  deliver(res: FastifyReply, payload: AuthPayloadModel): AuthPayloadModel {
    const { accessToken, refreshToken } = payload;
    // Only a payload fresh from a service has tokens; one delivered already has none left to send.
    if (accessToken === null || refreshToken === null) throw new Error('AuthCookies: the payload has no tokens');
    void res.setCookie(this.accessName, accessToken, {
      ...this.base(),
      path: '/',
      expires: payload.accessTokenExpiresAt,
    });
    void res.setCookie(this.refreshName, refreshToken, {
      ...this.base(),
      path: REFRESH_COOKIE_PATH,
      expires: payload.refreshTokenExpiresAt,
    });
    return { ...payload, accessToken: null, refreshToken: null };
  }

  clear(res: FastifyReply): void {
    void res.clearCookie(this.accessName, { ...this.base(), path: '/' });
    void res.clearCookie(this.refreshName, { ...this.base(), path: REFRESH_COOKIE_PATH });
  }

  private base(): CookieSerializeOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure };
  }
}
