import { validateEnv } from './env.validation';

const OIDC = {
  OIDC_ISSUER: 'https://login.example.com/realms/staff',
  OIDC_CLIENT_ID: 'doorman',
  OIDC_CLIENT_SECRET: 'oidc-secret',
};

/** The variables of sign-in with an identity provider. */
describe('validateEnv (identity providers)', () => {
  it('leaves every provider off and fills the real endpoints by default', () => {
    const env = validateEnv({});
    expect(env.API_URL).toBeUndefined();
    expect(env.OIDC_ISSUER).toBeUndefined();
    expect(env.GOOGLE_CLIENT_ID).toBeUndefined();
    expect(env.GITHUB_CLIENT_ID).toBeUndefined();
    expect(env).toMatchObject({
      OIDC_NAME: 'Single sign-on',
      GOOGLE_ISSUER: 'https://accounts.google.com',
      GITHUB_AUTHORIZE_URL: 'https://github.com/login/oauth/authorize',
      GITHUB_TOKEN_URL: 'https://github.com/login/oauth/access_token',
      GITHUB_API_URL: 'https://api.github.com',
      RATE_LIMIT_PROVIDER_PER_IP: { limit: 30, ttlMs: 60_000 },
    });
  });

  it('takes a whole provider, and endpoints pointed elsewhere', () => {
    const env = validateEnv({
      ...OIDC,
      OIDC_NAME: 'Staff login',
      GITHUB_CLIENT_ID: 'gh',
      GITHUB_CLIENT_SECRET: 'gh-secret',
      GITHUB_API_URL: 'http://127.0.0.1:4010',
      API_URL: 'https://auth.example.com',
      RATE_LIMIT_PROVIDER_PER_IP: '10/1m',
    });
    expect(env).toMatchObject({ ...OIDC, OIDC_NAME: 'Staff login', GITHUB_API_URL: 'http://127.0.0.1:4010' });
    expect(env.RATE_LIMIT_PROVIDER_PER_IP).toEqual({ limit: 10, ttlMs: 60_000 });
  });

  it('treats empty variables as unset', () => {
    expect(validateEnv({ OIDC_ISSUER: '', OIDC_CLIENT_ID: '', GOOGLE_CLIENT_SECRET: '' }).OIDC_ISSUER).toBeUndefined();
  });

  it.each([
    [
      'OIDC_CLIENT_SECRET',
      { OIDC_ISSUER: OIDC.OIDC_ISSUER, OIDC_CLIENT_ID: 'doorman' },
      '"OIDC_ISSUER" and "OIDC_CLIENT_ID"',
    ],
    [
      'OIDC_ISSUER',
      { OIDC_CLIENT_ID: 'doorman', OIDC_CLIENT_SECRET: 's' },
      '"OIDC_CLIENT_ID" and "OIDC_CLIENT_SECRET"',
    ],
    ['GOOGLE_CLIENT_SECRET', { GOOGLE_CLIENT_ID: 'g' }, '"GOOGLE_CLIENT_ID"'],
    ['GITHUB_CLIENT_ID', { GITHUB_CLIENT_SECRET: 's' }, '"GITHUB_CLIENT_SECRET"'],
  ])('refuses half a provider: names the missing %s', (missing, given, set) => {
    expect(() => validateEnv(given)).toThrow(`Invalid configuration: "${missing}" is required when ${set} is set`);
  });

  it.each([
    ['OIDC_ISSUER', 'login.example.com'],
    ['API_URL', 'ftp://auth.example.com'],
    ['GOOGLE_ISSUER', 'not a url'],
    ['GITHUB_TOKEN_URL', 'github.com/token'],
  ])('refuses %s=%p, naming it', (name, value) => {
    expect(() => validateEnv({ [name]: value })).toThrow(
      `"${name}" must be a valid uri with a scheme matching the http|https pattern`,
    );
  });

  it('refuses a label longer than a button', () => {
    expect(() => validateEnv({ OIDC_NAME: 'x'.repeat(41) })).toThrow(
      '"OIDC_NAME" length must be less than or equal to 40 characters long',
    );
  });
});
