import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UnauthenticatedError } from '../common/errors';
import { isUuid } from '../common/validation';
import { authConfig, type AuthConfig } from '../config';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** How the session was signed in (RFC 8176 values, e.g. ["pwd", "otp", "mfa"]); informational. */
  amr?: string[];
  iat: number;
  exp: number;
}

export interface IssuedAccessToken {
  accessToken: string;
  accessTokenExpiresAt: Date;
}

function isAccessClaims(value: unknown): value is AccessClaims {
  const claims = value as Partial<AccessClaims> | null;
  return (
    typeof claims === 'object' &&
    claims !== null &&
    isUuid(claims.sub) &&
    isUuid(claims.sid) &&
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number'
  );
}

/** The claims of a valid access token (signature, HS256 only, expiry, `exp` present, UUID `sub`/`sid`), or null. */
function readAccessClaims(jwt: JwtService, token: string): AccessClaims | null {
  try {
    const claims: unknown = jwt.verify(token, { algorithms: ['HS256'] });
    return isAccessClaims(claims) ? claims : null;
  } catch {
    return null;
  }
}

/** How many verified tokens are remembered (about 0.5 kB each). */
const VERIFIED_MAX = 10_000;

/** Short-lived HS256 access tokens naming a user (`sub`) and the session they belong to (`sid`). */
@Injectable()
export class TokensService {
  /**
   * Tokens whose signature and claims checked out, by their exact text: a client sends the same
   * access token on every request of its life, and the HMAC and JSON work need not be redone each
   * time. Only a token that verified is here (any other text, a forged signature included, misses
   * and is checked in full); expiry is still checked on every read. Oldest first out.
   */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  issueAccessToken(userId: string, sessionId: string, amr: string[] = ['pwd']): IssuedAccessToken {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.config.accessTokenTtlSeconds;
    const accessToken = this.jwt.sign({ sub: userId, sid: sessionId, amr, iat, exp });
    return { accessToken, accessTokenExpiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid access token, or null: for callers that only want to know who it names. */
  readAccessToken(token: string): AccessClaims | null {
    const known = this.verified.get(token);
    if (known) {
      // jsonwebtoken's own rule: valid while now < exp (seconds).
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      return null;
    }
    const claims = readAccessClaims(this.jwt, token);
    if (claims) {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, Object.freeze(claims));
    }
    return claims;
  }

  /** Signature, algorithm (HS256 only) and expiry checked; a token without `exp` is refused too. */
  verifyAccessToken(token: string): AccessClaims {
    const claims = this.readAccessToken(token);
    if (!claims) throw new UnauthenticatedError('Invalid or expired access token');
    return claims;
  }
}
