import { registerAs } from '@nestjs/config';
import { loadEnv } from './env';
import { ownAddress } from './mail.config';

export interface OidcProviderConfig {
  id: 'oidc' | 'google';
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface GithubProviderConfig {
  id: 'github';
  label: string;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiUrl: string;
}

export type ProviderConfig = OidcProviderConfig | GithubProviderConfig;

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The identity providers that are on (their variables set), and where the browser comes back to. */
export const identityProvidersConfig = registerAs('identityProviders', () => {
  const env = loadEnv();
  const appUrl = trimSlash(env.APP_URL ?? ownAddress(env.HOST, env.PORT));
  const providers: ProviderConfig[] = [];
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
    providers.push({ id: 'oidc', label: env.OIDC_NAME, issuer: trimSlash(issuer), clientId, clientSecret });
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    const { GOOGLE_CLIENT_ID: clientId, GOOGLE_CLIENT_SECRET: clientSecret } = env;
    providers.push({ id: 'google', label: 'Google', issuer: trimSlash(env.GOOGLE_ISSUER), clientId, clientSecret });
  }
  if (env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET) {
    providers.push({
      id: 'github',
      label: 'GitHub',
      clientId: env.GITHUB_CLIENT_ID,
      clientSecret: env.GITHUB_CLIENT_SECRET,
      authorizeUrl: env.GITHUB_AUTHORIZE_URL,
      tokenUrl: env.GITHUB_TOKEN_URL,
      apiUrl: trimSlash(env.GITHUB_API_URL),
    });
  }
  return {
    /** Where the web client lives: every redirect at the end of a flow goes there, and only there. */
    appUrl,
    /** The server's public address: the callback registered at each provider is API_URL/auth/<id>/callback. */
    apiUrl: trimSlash(env.API_URL ?? appUrl),
    cookieSecure: env.COOKIE_SECURE,
    providers,
  };
});

export type IdentityProvidersConfig = ReturnType<typeof identityProvidersConfig>;
