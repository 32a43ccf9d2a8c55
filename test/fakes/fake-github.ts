import { randomBytes } from 'node:crypto';
import { s256, serveFake } from './fake-http';

export interface FakeGithubAccount {
  id: number;
  login: string;
  name: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

/**
 * GitHub's OAuth 2 and the two API endpoints Doorman reads, in the test process: authorize (the
 * person's consent, scripted by `signInAs`), the token exchange (client secret, redirect URI and PKCE
 * checked; a refusal answered with 200 and `error`, as GitHub does), `/user` and `/user/emails`.
 */
export class FakeGithub {
  readonly clientId = 'gh-test';
  readonly clientSecret = `gh-secret-${randomBytes(8).toString('hex')}`;
  private account: FakeGithubAccount = { id: 1, login: 'nobody', name: null, emails: [] };
  private readonly grants = new Map<string, { account: FakeGithubAccount; redirectUri: string; challenge: string }>();
  private readonly tokens = new Map<string, FakeGithubAccount>();

  url = '';
  private closeServer: () => Promise<void> = () => Promise.resolve();

  static async start(): Promise<FakeGithub> {
    const fake = new FakeGithub();
    const server = await serveFake({
      'GET /login/oauth/authorize': (_req, url) => fake.authorize(url),
      'POST /login/oauth/access_token': (_req, _url, body) => fake.token(body),
      'GET /user': (req) => fake.api(req.headers.authorization, (a) => ({ id: a.id, login: a.login, name: a.name })),
      'GET /user/emails': (req) => fake.api(req.headers.authorization, (a) => a.emails),
    });
    fake.url = server.url;
    fake.closeServer = server.close;
    return fake;
  }

  /** The variables that point Doorman's GitHub provider at this fake. */
  get env(): Record<string, string> {
    return {
      GITHUB_CLIENT_ID: this.clientId,
      GITHUB_CLIENT_SECRET: this.clientSecret,
      GITHUB_AUTHORIZE_URL: `${this.url}/login/oauth/authorize`,
      GITHUB_TOKEN_URL: `${this.url}/login/oauth/access_token`,
      GITHUB_API_URL: this.url,
    };
  }

  signInAs(account: FakeGithubAccount): void {
    this.account = account;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  private authorize(url: URL) {
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const redirect = new URL(q('redirect_uri'));
    const code = randomBytes(16).toString('hex');
    this.grants.set(code, { account: this.account, redirectUri: q('redirect_uri'), challenge: q('code_challenge') });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', q('state'));
    return { location: redirect.toString() };
  }

  private async token(body: URLSearchParams) {
    const code = body.get('code') ?? '';
    const grant = this.grants.get(code);
    this.grants.delete(code);
    const verifier = body.get('code_verifier') ?? '';
    if (
      body.get('client_id') !== this.clientId ||
      body.get('client_secret') !== this.clientSecret ||
      !grant ||
      body.get('redirect_uri') !== grant.redirectUri ||
      (await s256(verifier)) !== grant.challenge
    ) {
      return {
        json: { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' },
      };
    }
    const token = `gho_${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, grant.account);
    return { json: { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' } };
  }

  private api(authorization: string | undefined, view: (account: FakeGithubAccount) => unknown) {
    const account = this.tokens.get((authorization ?? '').replace(/^Bearer /, ''));
    return account ? { json: view(account) } : { status: 401, json: { message: 'Bad credentials' } };
  }
}
