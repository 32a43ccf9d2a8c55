import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import { s256, serveFake } from './fake-http';

export interface FakeAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** What a test can make the provider get wrong, one thing at a time. */
export interface Tampering {
  iss?: string;
  aud?: string;
  nonce?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
  /** Sign with a key the JWKS does not publish (under the published key's kid). */
  foreignKey?: boolean;
  /** Leave the email out of the ID token (it is then in userinfo only). */
  emailInUserinfoOnly?: boolean;
}

interface Grant {
  account: FakeAccount;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string;
}

/**
 * An OpenID provider in the test process: discovery, an authorization endpoint that signs in whoever
 * `signInAs` named (the person's consent, scripted), a token endpoint that checks the client's
 * secret, the redirect URI and PKCE (S256) and issues an RS256 ID token, the JWKS, and userinfo.
 */
export class FakeOidcProvider {
  readonly clientId = 'doorman-test';
  readonly clientSecret = `secret-${randomBytes(8).toString('hex')}`;
  tampering: Tampering = {};
  /** Whether the next /authorize answers access_denied, as when the person cancels. */
  deny = false;
  private account: FakeAccount = { sub: 'nobody' };
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, FakeAccount>();

  issuer = '';
  private closeServer: () => Promise<void> = () => Promise.resolve();

  private constructor(
    private readonly key: KeyLike,
    private readonly foreignKey: KeyLike,
  ) {}

  static async start(): Promise<FakeOidcProvider> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const { privateKey: foreign } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const provider = new FakeOidcProvider(privateKey, foreign);
    const server = await serveFake({
      'GET /.well-known/openid-configuration': () => ({ json: provider.discovery() }),
      'GET /jwks': () => ({ json: { keys: [jwk] } }),
      'GET /authorize': (_req, url) => provider.authorize(url),
      'POST /token': (req, _url, body) => provider.token(req.headers.authorization, body),
      'GET /userinfo': (req) => provider.userinfo(req.headers.authorization),
    });
    provider.issuer = server.url;
    provider.closeServer = server.close;
    return provider;
  }

  /** Who the next /authorize signs in. */
  signInAs(account: FakeAccount): void {
    this.account = account;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  private discovery() {
    return {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}/authorize`,
      token_endpoint: `${this.issuer}/token`,
      jwks_uri: `${this.issuer}/jwks`,
      userinfo_endpoint: `${this.issuer}/userinfo`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    };
  }

  private authorize(url: URL) {
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const redirect = new URL(q('redirect_uri'));
    redirect.searchParams.set('state', q('state'));
    if (q('client_id') !== this.clientId || q('code_challenge_method') !== 'S256' || !q('code_challenge')) {
      redirect.searchParams.set('error', 'invalid_request');
    } else if (this.deny) {
      redirect.searchParams.set('error', 'access_denied');
    } else {
      const code = randomBytes(16).toString('hex');
      this.grants.set(code, {
        account: this.account,
        clientId: q('client_id'),
        redirectUri: q('redirect_uri'),
        codeChallenge: q('code_challenge'),
        nonce: q('nonce'),
      });
      redirect.searchParams.set('code', code);
    }
    return { location: redirect.toString() };
  }

  private async token(authorization: string | undefined, body: URLSearchParams) {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (authorization !== expected) return { status: 401, json: { error: 'invalid_client' } };
    const code = body.get('code') ?? '';
    const grant = this.grants.get(code);
    this.grants.delete(code);
    const verifier = body.get('code_verifier');
    if (
      !grant ||
      body.get('grant_type') !== 'authorization_code' ||
      body.get('redirect_uri') !== grant.redirectUri ||
      !verifier ||
      (await s256(verifier)) !== grant.codeChallenge
    ) {
      return { status: 400, json: { error: 'invalid_grant' } };
    }
    const t = this.tampering;
    const { sub, ...profile } = grant.account;
    const claims = t.emailInUserinfoOnly ? { name: profile.name } : profile;
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ ...claims, nonce: t.nonce ?? grant.nonce })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(t.iss ?? this.issuer)
      .setAudience(t.aud ?? grant.clientId)
      .setSubject(sub)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + (t.expiresIn ?? 300))
      .sign(t.foreignKey ? this.foreignKey : this.key);
    const accessToken = randomBytes(16).toString('hex');
    this.accessTokens.set(accessToken, grant.account);
    return { json: { access_token: accessToken, token_type: 'Bearer', expires_in: 300, id_token: idToken } };
  }

  private userinfo(authorization: string | undefined) {
    const account = this.accessTokens.get((authorization ?? '').replace(/^Bearer /, ''));
    return account ? { json: account } : { status: 401, json: { error: 'invalid_token' } };
  }
}
