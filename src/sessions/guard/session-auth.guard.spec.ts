import type { ExecutionContext, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpArgumentsHost } from '@nestjs/common/interfaces';
import { Test } from '@nestjs/testing';
import { IS_PUBLIC_KEY } from '../../common/decorators';
import { UnauthenticatedError } from '../../common/errors';
import { authConfig } from '../../config';
import { testAuthConfig } from '../../../test/unit/config.fixture';
import { type AccessClaims, AuthCookies, TokensService } from '../../tokens';
import { User } from '../../users';
import type { SessionRow } from '../cache/session-cache';
import { SessionsService } from '../sessions.service';
import type { AuthenticatedRequest } from './request-auth';
import { SessionAuthGuard } from './session-auth.guard';

/** The request as the guard may find it: Passport's login strategy may already have set `user`. */
type GuardedRequest = AuthenticatedRequest & { user?: User };

class SomeResolver {
  me(): void {}
}

// Not Secure, so the cookie carries no __Host- prefix.
const config = testAuthConfig({ cookieSecure: false });
const ACCESS_COOKIE = 'doorman_access';

const loginUser = Object.assign(new User(), { name: 'Mallory', email: 'mallory@example.com' });
/** What SessionsService.findLive gives: a plain row, not an entity. */
const rowWith = (emailVerifiedAt: Date | null): SessionRow => ({
  sessionId: '7b0e5a8e-3c1d-4f2a-9b6e-0d4c2a1f8e37',
  expiresAt: new Date(Date.now() + 60_000),
  lastSeenAt: new Date(Date.now() - 120_000),
  user: {
    id: '2f9c6d1a-8e4b-4a7c-b5d3-6e1f0a9b8c72',
    name: 'Alice',
    email: 'alice@example.com',
    emailVerifiedAt,
    createdAt: new Date('2030-01-01T00:00:00Z'),
  },
});
const session = rowWith(null);
const user = session.user;
const claims: AccessClaims = { sub: user.id, sid: session.sessionId, iat: 0, exp: 1 };

const requestWith = (authorization?: string, cookies: Record<string, string> = {}) =>
  ({ headers: { authorization }, cookies }) as GuardedRequest;

function httpContext(req: GuardedRequest): ExecutionContext {
  const http: Pick<HttpArgumentsHost, 'getRequest'> = { getRequest: <T>() => req as T };
  const context: Pick<ExecutionContext, 'getType' | 'getHandler' | 'getClass' | 'switchToHttp'> = {
    getType: <T extends string>() => 'http' as T,
    getHandler: () => SomeResolver.prototype.me,
    getClass: <T>() => SomeResolver as Type<T>,
    switchToHttp: () => http as HttpArgumentsHost,
  };
  return context as ExecutionContext;
}

describe('SessionAuthGuard', () => {
  let guard: SessionAuthGuard;
  const reflector = { getAllAndOverride: jest.fn<boolean | undefined, [string, unknown[]]>() };
  const tokens = { verifyAccessToken: jest.fn<AccessClaims, [string]>() };
  const sessions = {
    findLive: jest.fn<Promise<SessionRow | null>, [string, string]>(),
    touch: jest.fn<Promise<void>, [SessionRow]>(),
  };

  beforeEach(async () => {
    jest.resetAllMocks();
    reflector.getAllAndOverride.mockReturnValue(undefined);
    tokens.verifyAccessToken.mockReturnValue(claims);
    sessions.findLive.mockResolvedValue(session);
    sessions.touch.mockResolvedValue();
    const moduleRef = await Test.createTestingModule({
      providers: [
        SessionAuthGuard,
        AuthCookies,
        { provide: Reflector, useValue: reflector },
        { provide: TokensService, useValue: tokens },
        { provide: SessionsService, useValue: sessions },
        { provide: authConfig.KEY, useValue: config },
      ],
    }).compile();
    guard = moduleRef.get(SessionAuthGuard);
  });

  it('lets a @Public handler through without a token', async () => {
    reflector.getAllAndOverride.mockReturnValue(true);

    await expect(guard.canActivate(httpContext(requestWith()))).resolves.toBe(true);
    expect(reflector.getAllAndOverride).toHaveBeenCalledWith(IS_PUBLIC_KEY, [SomeResolver.prototype.me, SomeResolver]);
    expect(tokens.verifyAccessToken).not.toHaveBeenCalled();
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer two tokens', 'token-without-scheme'])(
    'refuses the Authorization header %p',
    async (authorization) => {
      await expect(guard.canActivate(httpContext(requestWith(authorization)))).rejects.toThrow(UnauthenticatedError);
      expect(tokens.verifyAccessToken).not.toHaveBeenCalled();
    },
  );

  it('refuses a token the tokens service rejects', async () => {
    tokens.verifyAccessToken.mockImplementation(() => {
      throw new UnauthenticatedError('Invalid or expired access token');
    });

    await expect(guard.canActivate(httpContext(requestWith('Bearer bad.token.here')))).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(sessions.findLive).not.toHaveBeenCalled();
  });

  it('refuses a valid token whose session is not live', async () => {
    sessions.findLive.mockResolvedValue(null);
    const req = requestWith('Bearer good.token.here');

    await expect(guard.canActivate(httpContext(req))).rejects.toThrow(UnauthenticatedError);
    expect(sessions.findLive).toHaveBeenCalledWith(claims.sid, claims.sub);
    expect(req.auth).toBeUndefined();
    expect(sessions.touch).not.toHaveBeenCalled();
  });

  it('attaches the user and session id for a live session, not via the cookie, and touches it', async () => {
    const req = requestWith('bearer   good.token.here');

    await expect(guard.canActivate(httpContext(req))).resolves.toBe(true);
    expect(tokens.verifyAccessToken).toHaveBeenCalledWith('good.token.here');
    expect(sessions.findLive).toHaveBeenCalledWith(claims.sid, claims.sub);
    expect(req.auth).toEqual({ user, sessionId: session.sessionId, viaCookie: false });
    expect(req.user).toBeUndefined();
    expect(sessions.touch).toHaveBeenCalledWith(session);
    expect(sessions.findLive.mock.invocationCallOrder[0]).toBeLessThan(sessions.touch.mock.invocationCallOrder[0]);
  });

  it.each([
    ['not verified', null, false],
    ['verified', new Date('2030-01-02T00:00:00Z'), true],
  ])(
    "gives resolvers a User built from the row's user (%s), whose getters work",
    async (_, emailVerifiedAt, verified) => {
      const row = rowWith(emailVerifiedAt);
      sessions.findLive.mockResolvedValue(row);
      const req = requestWith('Bearer good.token.here');

      await expect(guard.canActivate(httpContext(req))).resolves.toBe(true);
      expect(req.auth?.user).toBeInstanceOf(User);
      expect(req.auth?.user).toMatchObject(row.user);
      expect(req.auth?.user.emailVerified).toBe(verified);
    },
  );

  it('lets a failure to touch the session fail the request, leaving it unauthenticated', async () => {
    sessions.touch.mockRejectedValue(new Error('connection reset'));
    const req = requestWith('Bearer good.token.here');

    await expect(guard.canActivate(httpContext(req))).rejects.toThrow('connection reset');
    expect(req.auth).toBeUndefined();
  });

  it('reads the access cookie when there is no Authorization header', async () => {
    const req = requestWith(undefined, { [ACCESS_COOKIE]: 'cookie.token.here' });

    await expect(guard.canActivate(httpContext(req))).resolves.toBe(true);
    expect(tokens.verifyAccessToken).toHaveBeenCalledWith('cookie.token.here');
    expect(req.auth).toEqual({ user, sessionId: session.sessionId, viaCookie: true });
  });

  it('prefers the Authorization header to the access cookie', async () => {
    const req = requestWith('Bearer header.token.here', { [ACCESS_COOKIE]: 'cookie.token.here' });

    await expect(guard.canActivate(httpContext(req))).resolves.toBe(true);
    expect(tokens.verifyAccessToken).toHaveBeenCalledTimes(1);
    expect(tokens.verifyAccessToken).toHaveBeenCalledWith('header.token.here');
    expect(req.auth?.viaCookie).toBe(false);
  });

  it.each(['', 'Basic dXNlcjpwYXNz', 'Bearer two tokens'])(
    'refuses the malformed header %p even with a valid cookie',
    async (authorization) => {
      const req = requestWith(authorization, { [ACCESS_COOKIE]: 'cookie.token.here' });

      await expect(guard.canActivate(httpContext(req))).rejects.toThrow(UnauthenticatedError);
      expect(tokens.verifyAccessToken).not.toHaveBeenCalled();
    },
  );

  it('checks a request once, however many root fields it resolves and whoever Passport logged in', async () => {
    const req = requestWith('Bearer good.token.here');

    await expect(guard.canActivate(httpContext(req))).resolves.toBe(true);
    const auth = req.auth;
    req.user = loginUser;
    await expect(guard.canActivate(httpContext(req))).resolves.toBe(true);
    expect(tokens.verifyAccessToken).toHaveBeenCalledTimes(1);
    expect(sessions.findLive).toHaveBeenCalledTimes(1);
    expect(req.auth).toBe(auth);

    await expect(guard.canActivate(httpContext(requestWith('Bearer good.token.here')))).resolves.toBe(true);
    expect(sessions.findLive).toHaveBeenCalledTimes(2);
  });

  it("checks a request that only has Passport's login user: a login field authenticates no other field", async () => {
    const req = Object.assign(requestWith(), { user: loginUser });
    await expect(guard.canActivate(httpContext(req))).rejects.toThrow(UnauthenticatedError);
    expect(req.auth).toBeUndefined();

    const withToken = Object.assign(requestWith('Bearer good.token.here'), { user: loginUser });
    await expect(guard.canActivate(httpContext(withToken))).resolves.toBe(true);
    expect(withToken.auth?.user).toEqual(user);
    expect(withToken.auth?.user).not.toBe(loginUser);
  });
});
