import type { GithubProviderConfig } from '../../config';
import { ProviderFlowError } from '../identity-provider.errors';
import type { AuthorizationRequest, CodeExchange, IdentityProvider, ProviderProfile } from './identity-provider';
import { isRecord, postForm, providerJson, stringField } from './provider-http';

interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

const isGithubEmail = (value: unknown): value is GithubEmail =>
  isRecord(value) &&
  typeof value.email === 'string' &&
  typeof value.primary === 'boolean' &&
  typeof value.verified === 'boolean';

/**
 * GitHub: OAuth 2 (no ID token), with PKCE and state; who the person is comes from the API's `/user`
 * (its numeric id is the stable subject) and `/user/emails` (the primary address and whether GitHub
 * verified it).
 */
export class GithubProvider implements IdentityProvider {
  readonly id = 'github';
  readonly label: string;

  constructor(private readonly config: GithubProviderConfig) {
    this.label = config.label;
  }

  authorizationUrl(request: AuthorizationRequest): Promise<string> {
    const url = new URL(this.config.authorizeUrl);
    const params = {
      client_id: this.config.clientId,
      redirect_uri: request.redirectUri,
      scope: 'read:user user:email',
      state: request.state,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return Promise.resolve(url.toString());
  }

  async profile(exchange: CodeExchange): Promise<ProviderProfile> {
    const tokens = await postForm(this.config.tokenUrl, {
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      code: exchange.code,
      redirect_uri: exchange.redirectUri,
      code_verifier: exchange.codeVerifier,
    });
    // GitHub answers a refused exchange with 200 and an `error` field.
    if (isRecord(tokens) && typeof tokens.error === 'string') {
      throw new ProviderFlowError('provider_error', `token endpoint refused: ${tokens.error}`);
    }
    const accessToken = stringField(tokens, 'access_token', 'the token response');
    const headers = {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    };
    const user = await providerJson(`${this.config.apiUrl}/user`, { headers });
    const id = isRecord(user) ? user.id : undefined;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
      throw new ProviderFlowError('provider_error', '/user has no numeric id');
    }
    const emails = await providerJson(`${this.config.apiUrl}/user/emails`, { headers });
    const list = Array.isArray(emails) ? emails.filter(isGithubEmail) : [];
    const chosen = list.find((e) => e.primary) ?? list.find((e) => e.verified) ?? null;
    const name = isRecord(user) && typeof user.name === 'string' && user.name ? user.name : null;
    const login = isRecord(user) && typeof user.login === 'string' ? user.login : null;
    return {
      subject: String(id),
      email: chosen?.email ?? null,
      emailVerified: chosen?.verified ?? false,
      name: name ?? login,
    };
  }
}
