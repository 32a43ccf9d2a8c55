import { JwtModule, JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { decode, sign, type SignOptions } from 'jsonwebtoken';
import { createSecretKey, randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '../common/errors';
import { authConfig } from '../config';
import { TEST_JWT_SECRET, testAuthConfig } from '../../test/unit/config.fixture';
import { TokensService } from './tokens.service';

const SECRET = TEST_JWT_SECRET;
const config = testAuthConfig({ jwtSecret: SECRET });

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs with jsonwebtoken directly, so a test controls every claim (iat given here is kept as is). */
function forge(claims: Record<string, unknown>, options: SignOptions = {}, secret = SECRET): string {
  return sign(claims, secret, { algorithm: 'HS256', ...options });
}

describe('TokensService', () => {
  let tokens: TokensService;
  const userId = randomUUID();
  const sessionId = randomUUID();
  const validClaims = () => ({ sub: userId, sid: sessionId, iat: nowSeconds(), exp: nowSeconds() + 60 });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        // As AuthModule registers it, minus verifyOptions: the service must pin HS256 on its own.
        JwtModule.register({
          secret: createSecretKey(Buffer.from(SECRET, 'utf8')),
          signOptions: { algorithm: 'HS256' },
        }),
      ],
      providers: [TokensService, { provide: authConfig.KEY, useValue: config }],
    }).compile();
    tokens = moduleRef.get(TokensService);
  });

  /** Refused both ways: verifyAccessToken throws UNAUTHENTICATED, readAccessToken gives null. */
  function expectRefused(token: string): void {
    expect(() => tokens.verifyAccessToken(token)).toThrow(UnauthenticatedError);
    expect(() => tokens.verifyAccessToken(token)).toThrow('Invalid or expired access token');
    expect(tokens.readAccessToken(token)).toBeNull();
  }

  it('issues a token that verifies to the same sub and sid, expiring after the ttl', () => {
    const before = nowSeconds();
    const { accessToken, accessTokenExpiresAt } = tokens.issueAccessToken(userId, sessionId);
    const after = nowSeconds();

    const claims = tokens.verifyAccessToken(accessToken);

    expect(claims).toMatchObject({ sub: userId, sid: sessionId });
    expect(claims.exp - claims.iat).toBe(config.accessTokenTtlSeconds);
    expect(accessTokenExpiresAt.getTime()).toBe(claims.exp * 1000);
    expect(claims.exp).toBeGreaterThanOrEqual(before + config.accessTokenTtlSeconds);
    expect(claims.exp).toBeLessThanOrEqual(after + config.accessTokenTtlSeconds);
  });

  it('accepts a well-formed HS256 token forged with the right secret (control for the cases below)', () => {
    expect(tokens.verifyAccessToken(forge(validClaims()))).toMatchObject({ sub: userId, sid: sessionId });
  });

  it('reads the claims of a valid token without throwing, and gives null for an invalid one', () => {
    const claims = validClaims();
    const token = forge(claims);

    expect(tokens.readAccessToken(token)).toEqual(claims);
    expect(tokens.readAccessToken(token)).toEqual(tokens.verifyAccessToken(token));
    expect(() => tokens.readAccessToken('not.a.jwt')).not.toThrow();
    expect(tokens.readAccessToken('not.a.jwt')).toBeNull();
    expect(tokens.readAccessToken(forge({ ...claims, sub: 'not-a-uuid' }))).toBeNull();
  });

  it('refuses with UNAUTHENTICATED (401), the code a client acts on', () => {
    let refusal: unknown;
    try {
      tokens.verifyAccessToken('not.a.jwt');
    } catch (error) {
      refusal = error;
    }

    expect(refusal).toBeInstanceOf(UnauthenticatedError);
    expect(refusal).toMatchObject({ code: 'UNAUTHENTICATED', httpStatus: 401 });
  });

  it('refuses a token whose payload was changed after signing', () => {
    const [header, , signature] = tokens.issueAccessToken(userId, sessionId).accessToken.split('.');
    const payload = b64url({ ...validClaims(), sub: randomUUID() });

    expectRefused(`${header}.${payload}.${signature}`);
  });

  it('refuses a token signed with another secret', () => {
    const other = new JwtService({ secret: 'another-secret-that-is-at-least-32-bytes!' });

    expectRefused(other.sign(validClaims()));
  });

  it('refuses an unsigned token (alg: none)', () => {
    expectRefused(`${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(validClaims())}.`);
  });

  it('refuses an HS256 token without exp', () => {
    const { exp: _exp, ...withoutExp } = validClaims();
    const token = forge(withoutExp);
    expect(decode(token)).toEqual({ sub: userId, sid: sessionId, iat: expect.any(Number) });

    expectRefused(token);
  });

  it('refuses an expired token', () => {
    expectRefused(forge({ ...validClaims(), iat: nowSeconds() - 3600, exp: nowSeconds() - 10 }));
  });

  it('refuses a token whose sid is not a UUID', () => {
    expectRefused(forge({ ...validClaims(), sid: 'not-a-uuid' }));
  });

  it('refuses an HS512 token even with the right secret (algorithm pinned)', () => {
    expectRefused(forge(validClaims(), { algorithm: 'HS512' }));
  });
});

describe('TokensService: tokens already verified', () => {
  let tokens: TokensService;
  const userId = randomUUID();
  const sessionId = randomUUID();

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [JwtModule.register({ secret: SECRET, signOptions: { algorithm: 'HS256' } })],
      providers: [TokensService, { provide: authConfig.KEY, useValue: config }],
    }).compile();
    tokens = moduleRef.get(TokensService);
  });
  afterEach(() => jest.useRealTimers());

  it('refuses a remembered token once it expires, as a first reading would', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const token = forge({ sub: userId, sid: sessionId, iat: nowSeconds(), exp: nowSeconds() + 60 });
    expect(tokens.verifyAccessToken(token)).toMatchObject({ sub: userId });
    jest.setSystemTime(new Date('2026-01-01T00:00:59Z'));
    expect(tokens.verifyAccessToken(token)).toMatchObject({ sub: userId });
    jest.setSystemTime(new Date('2026-01-01T00:01:00Z'));
    expect(tokens.readAccessToken(token)).toBeNull();
    expect(() => tokens.verifyAccessToken(token)).toThrow(UnauthenticatedError);
  });

  it('checks in full a token that differs from a remembered one only in its signature', () => {
    const token = forge({ sub: userId, sid: sessionId, iat: nowSeconds(), exp: nowSeconds() + 60 });
    expect(tokens.readAccessToken(token)).not.toBeNull();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${forge({ sub: userId, sid: sessionId }, {}, 'another-secret-of-at-least-32-bytes!!').split('.')[2]}`;
    expect(tokens.readAccessToken(forged)).toBeNull();
    expect(tokens.readAccessToken(token)).toMatchObject({ sub: userId, sid: sessionId });
  });

  it('gives claims that a caller cannot change for the next reader', () => {
    const token = forge({ sub: userId, sid: sessionId, iat: nowSeconds(), exp: nowSeconds() + 60 });
    const claims = tokens.verifyAccessToken(token);
    expect(() => Object.assign(claims, { sub: randomUUID() })).toThrow(TypeError);
    expect(tokens.verifyAccessToken(token).sub).toBe(userId);
  });
});
