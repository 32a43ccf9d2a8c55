import { optional, text, uri, withDefault } from './env.fields';

const httpUrl = uri(['http', 'https']);

/**
 * Sign-in with an identity provider. A provider is on when its client id and secret are set (and, for
 * the generic OpenID Connect one, its issuer); the endpoints default to the real provider's and can be
 * pointed elsewhere (a staging tenant, or the tests' local fakes).
 */
export const identityEnv = {
  // Unset: APP_URL, since the web client is served from the API's own origin.
  API_URL: optional(httpUrl),
  OIDC_ISSUER: optional(httpUrl),
  OIDC_CLIENT_ID: optional(text()),
  OIDC_CLIENT_SECRET: optional(text()),
  OIDC_NAME: withDefault(text().max(40, 'length must be less than or equal to 40 characters long'), 'Single sign-on'),
  GOOGLE_CLIENT_ID: optional(text()),
  GOOGLE_CLIENT_SECRET: optional(text()),
  GOOGLE_ISSUER: withDefault(httpUrl, 'https://accounts.google.com'),
  GITHUB_CLIENT_ID: optional(text()),
  GITHUB_CLIENT_SECRET: optional(text()),
  GITHUB_AUTHORIZE_URL: withDefault(httpUrl, 'https://github.com/login/oauth/authorize'),
  GITHUB_TOKEN_URL: withDefault(httpUrl, 'https://github.com/login/oauth/access_token'),
  GITHUB_API_URL: withDefault(httpUrl, 'https://api.github.com'),
};

/** Variables that only make sense together: half a provider is a mistake, not a provider that is off. */
const GROUPS: readonly (readonly string[])[] = [
  ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'],
  ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
  ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'],
];

/** A message for each variable missing from a group that is partly set. */
export function incompleteProviders(env: Partial<Record<string, unknown>>): string[] {
  return GROUPS.flatMap((group) => {
    const set = group.filter((name) => env[name] !== undefined);
    if (set.length === 0 || set.length === group.length) return [];
    return group
      .filter((name) => env[name] === undefined)
      .map((name) => `"${name}" is required when ${set.map((other) => `"${other}"`).join(' and ')} is set`);
  });
}
