import { webauthnConfig } from './webauthn.config';

/** Passkeys' relying party: the variables, their defaults from APP_URL, and the check that they agree. */
describe('webauthnConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const configWith = (env: Record<string, string | undefined>) => {
    for (const key of ['APP_URL', 'HOST', 'PORT', 'WEBAUTHN_RP_ID', 'WEBAUTHN_RP_NAME', 'WEBAUTHN_ORIGINS']) {
      delete process.env[key];
    }
    Object.assign(process.env, env);
    return webauthnConfig();
  };

  it("defaults to APP_URL's host and origin, and the name Doorman", () => {
    expect(configWith({ APP_URL: 'https://app.example.com/base/' })).toEqual({
      rpId: 'app.example.com',
      rpName: 'Doorman',
      origins: ['https://app.example.com'],
    });
    // Without APP_URL: the server's own address (localhost for a wildcard HOST).
    expect(configWith({ PORT: '4000' })).toMatchObject({ rpId: 'localhost', origins: ['http://localhost:4000'] });
  });

  it('takes a parent domain as RP ID, several origins under it, and a name', () => {
    const config = configWith({
      APP_URL: 'https://app.example.com',
      WEBAUTHN_RP_ID: 'example.com',
      WEBAUTHN_RP_NAME: 'Example',
      WEBAUTHN_ORIGINS: 'https://app.example.com, https://example.com/',
    });
    expect(config).toEqual({
      rpId: 'example.com',
      rpName: 'Example',
      origins: ['https://app.example.com', 'https://example.com'],
    });
  });

  it('refuses an origin outside the RP ID, naming WEBAUTHN_ORIGINS', () => {
    expect(() => configWith({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://notexample.com' })).toThrow(
      /"WEBAUTHN_ORIGINS" must be origins on the RP ID "example.com" .*"https:\/\/notexample.com"/,
    );
  });

  it.each([
    ['WEBAUTHN_RP_ID', 'https://example.com', /"WEBAUTHN_RP_ID" must be a host name/],
    ['WEBAUTHN_RP_ID', 'Example.com', /"WEBAUTHN_RP_ID" must be a host name/],
    ['WEBAUTHN_ORIGINS', 'example.com', /"WEBAUTHN_ORIGINS" must be a comma-separated list of origins/],
    ['WEBAUTHN_ORIGINS', 'https://example.com/path', /"WEBAUTHN_ORIGINS" must be a comma-separated list of origins/],
    ['WEBAUTHN_RP_NAME', 'x'.repeat(65), /"WEBAUTHN_RP_NAME" length must be less than or equal to 64/],
  ])('refuses %s=%p, naming it', (name, value, message) => {
    expect(() => configWith({ [name]: value })).toThrow(message);
  });
});
