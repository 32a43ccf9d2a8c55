import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { OidcProviderConfig } from '../../config';
import { ProviderFlowError } from '../identity-provider.errors';
import type { AuthorizationRequest, CodeExchange, IdentityProvider, ProviderProfile } from './identity-provider';
import { isRecord, postForm, providerJson, stringField } from './provider-http';

interface Metadata {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
  userinfoEndpoint: string | null;
  algorithms: string[];
}

// Asymmetric only: an ID token signed with the client secret (HS256) would be one the client could forge.
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$/;
const CLOCK_TOLERANCE_SECONDS = 30;

/** RFC 6749 §2.3.1: the client's id and secret are form-encoded before they are joined for Basic. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/**
 * An OpenID Connect provider (the generic one, or Google): endpoints from the issuer's discovery
 * document, the code flow with PKCE, and the ID token checked with `jose` against the provider's JWKS
 * (signature, iss, aud, exp, nonce).
 */
export class OidcProvider implements IdentityProvider {
  readonly id: string;
  readonly label: string;
  private metadata?: Promise<Metadata>;

  constructor(
    private readonly config: OidcProviderConfig,
    /** Issuers the ID token may name: the configured one, and for Google its historical bare host too. */
    private readonly issuers: string[] = [config.issuer],
  ) {
    this.id = config.id;
    this.label = config.label;
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<string> {
    const url = new URL((await this.discover()).authorizationEndpoint);
    const params = {
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: request.redirectUri,
      scope: 'openid email profile',
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  }

  async profile(exchange: CodeExchange): Promise<ProviderProfile> {
    const metadata = await this.discover();
    const { clientId, clientSecret } = this.config;
    const tokens = await postForm(
      metadata.tokenEndpoint,
      {
        grant_type: 'authorization_code',
        code: exchange.code,
        redirect_uri: exchange.redirectUri,
        code_verifier: exchange.codeVerifier,
      },
      {
        authorization: `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`,
      },
    );
    const idToken = stringField(tokens, 'id_token', 'the token response');
    const claims = await this.verify(metadata, idToken, exchange.nonce);
    const profile = profileOf(claims);
    if (profile.email || !metadata.userinfoEndpoint || !isRecord(tokens)) return profile;
    // Some providers put the address only in userinfo; it must describe the same subject.
    const accessToken = stringField(tokens, 'access_token', 'the token response');
    const info = await providerJson(metadata.userinfoEndpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!isRecord(info) || info.sub !== profile.subject) {
      throw new ProviderFlowError('token_invalid', 'userinfo names another subject');
    }
    return { ...profileOf(info), subject: profile.subject, name: profile.name ?? profileOf(info).name };
  }

  private async verify(metadata: Metadata, idToken: string, nonce: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, metadata.jwks, {
        issuer: this.issuers,
        audience: this.config.clientId,
        algorithms: metadata.algorithms,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      // A JWKS that cannot be fetched is the provider's failure; what jose refuses is the token's.
      const tokenFault =
        error instanceof errors.JOSEError &&
        !(error instanceof errors.JWKSTimeout) &&
        !(error instanceof errors.JWKSInvalid);
      const detail = error instanceof Error ? error.message : 'unverifiable';
      throw new ProviderFlowError(tokenFault ? 'token_invalid' : 'provider_error', `ID token: ${detail}`);
    }
    if (payload.nonce !== nonce) throw new ProviderFlowError('token_invalid', 'nonce does not match');
    // OpenID Connect Core §3.1.3.7: with several audiences, the token must have been issued to us.
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== this.config.clientId) {
      throw new ProviderFlowError('token_invalid', 'azp is not this client');
    }
    return payload;
  }

  /** The discovery document, fetched once; a failed fetch is tried again on the next sign-in. */
  private discover(): Promise<Metadata> {
    this.metadata ??= this.fetchMetadata().catch((error: unknown) => {
      this.metadata = undefined;
      throw error;
    });
    return this.metadata;
  }

  private async fetchMetadata(): Promise<Metadata> {
    const where = `${this.config.issuer}/.well-known/openid-configuration`;
    const document = await providerJson(where);
    // OpenID Connect Discovery §4.3: the document must name exactly the issuer it was fetched from.
    if (stringField(document, 'issuer', where).replace(/\/+$/, '') !== this.config.issuer) {
      throw new ProviderFlowError('provider_error', `${where} names another issuer`);
    }
    const advertised = isRecord(document) ? document.id_token_signing_alg_values_supported : undefined;
    const algorithms = (Array.isArray(advertised) ? advertised : ['RS256']).filter(
      (alg): alg is string => typeof alg === 'string' && ASYMMETRIC.test(alg),
    );
    const userinfo = isRecord(document) ? document.userinfo_endpoint : undefined;
    return {
      authorizationEndpoint: stringField(document, 'authorization_endpoint', where),
      tokenEndpoint: stringField(document, 'token_endpoint', where),
      jwks: createRemoteJWKSet(new URL(stringField(document, 'jwks_uri', where)), { timeoutDuration: 10_000 }),
      userinfoEndpoint: typeof userinfo === 'string' ? userinfo : null,
      algorithms: algorithms.length ? algorithms : ['RS256'],
    };
  }
}

/** The standard claims we use; `email_verified` counts only as a real true (some send the string "true"). */
function profileOf(claims: Record<string, unknown>): ProviderProfile {
  const email = typeof claims.email === 'string' && claims.email ? claims.email : null;
  const name = typeof claims.name === 'string' && claims.name ? claims.name : null;
  return {
    subject: String(claims.sub),
    email,
    emailVerified: email !== null && (claims.email_verified === true || claims.email_verified === 'true'),
    name,
  };
}
