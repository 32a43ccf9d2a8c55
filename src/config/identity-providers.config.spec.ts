import { identityProvidersConfig } from './identity-providers.config';

const withEnv = (env: Record<string, string>) => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return identityProvidersConfig();
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
};

describe('identityProvidersConfig', () => {
  it('has no provider without their variables, and API_URL defaults to APP_URL', () => {
    const config = withEnv({ APP_URL: 'https://app.example.com/' });
    expect(config).toMatchObject({
      providers: [],
      appUrl: 'https://app.example.com',
      apiUrl: 'https://app.example.com',
    });
  });

  it('turns on each provider whose variables are set, in the order oidc, google, github', () => {
    const config = withEnv({
      APP_URL: 'https://app.example.com',
      API_URL: 'https://auth.example.com/',
      GITHUB_CLIENT_ID: 'gh',
      GITHUB_CLIENT_SECRET: 'gh-s',
      GOOGLE_CLIENT_ID: 'g',
      GOOGLE_CLIENT_SECRET: 'g-s',
      OIDC_ISSUER: 'https://sso.example.com/',
      OIDC_CLIENT_ID: 'o',
      OIDC_CLIENT_SECRET: 'o-s',
      OIDC_NAME: 'Staff',
    });
    expect(config.apiUrl).toBe('https://auth.example.com');
    expect(config.providers).toEqual([
      { id: 'oidc', label: 'Staff', issuer: 'https://sso.example.com', clientId: 'o', clientSecret: 'o-s' },
      { id: 'google', label: 'Google', issuer: 'https://accounts.google.com', clientId: 'g', clientSecret: 'g-s' },
      {
        id: 'github',
        label: 'GitHub',
        clientId: 'gh',
        clientSecret: 'gh-s',
        authorizeUrl: 'https://github.com/login/oauth/authorize',
        tokenUrl: 'https://github.com/login/oauth/access_token',
        apiUrl: 'https://api.github.com',
      },
    ]);
  });
});
