import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { authConfig, type AuthConfig } from '../../config';
import type { AuthPayloadModel } from '../models/auth-payload.model';

export const ACCESS_COOKIE = 'doorman_access';
export const REFRESH_COOKIE = 'doorman_refresh';
/** A request with `X-Auth-Transport: cookie` gets its tokens as cookies instead of in the body. */
export const TRANSPORT_HEADER = 'x-auth-transport';
/** The refresh cookie travels only to the GraphQL endpoint. */
export const REFRESH_COOKIE_PATH = '/graphql';

type WithCookies = Pick<Request, 'headers'> & { cookies?: Record<string, string | undefined> };

export const accessTokenCookie = (req: WithCookies): string | undefined => req.cookies?.[ACCESS_COOKIE] || undefined;
export const refreshTokenCookie = (req: WithCookies): string | undefined => req.cookies?.[REFRESH_COOKIE] || undefined;

/** The browser transport: HttpOnly, SameSite=Lax cookies, Secure unless COOKIE_SECURE=false. */
@Injectable()
export class AuthCookies {
  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  wanted(req: WithCookies): boolean {
    return String(req.headers[TRANSPORT_HEADER] ?? '').trim().toLowerCase() === 'cookie';
  }

  /** Sets both cookies and returns the payload without its tokens. */
  deliver(res: Response, payload: AuthPayloadModel): AuthPayloadModel {
    res.cookie(ACCESS_COOKIE, payload.accessToken, { ...this.base(), path: '/', expires: payload.accessTokenExpiresAt });
    res.cookie(REFRESH_COOKIE, payload.refreshToken, { ...this.base(), path: REFRESH_COOKIE_PATH, expires: payload.refreshTokenExpiresAt });
    return { ...payload, accessToken: null, refreshToken: null };
  }

  clear(res: Response): void {
    res.clearCookie(ACCESS_COOKIE, { ...this.base(), path: '/' });
    res.clearCookie(REFRESH_COOKIE, { ...this.base(), path: REFRESH_COOKIE_PATH });
  }

  private base(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure };
  }
}
