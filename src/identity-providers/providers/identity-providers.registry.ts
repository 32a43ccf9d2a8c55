import { Inject, Injectable } from '@nestjs/common';
import { identityProvidersConfig, type IdentityProvidersConfig } from '../../config';
import { GithubProvider } from './github.provider';
import type { IdentityProvider } from './identity-provider';
import { OidcProvider } from './oidc.provider';

// Google's ID tokens name their issuer with or without the scheme (its own documentation says so).
const GOOGLE_ISSUER = 'https://accounts.google.com';

/** The providers that are on, by id, in the order the buttons show them. */
@Injectable()
export class IdentityProvidersRegistry {
  private readonly byId = new Map<string, IdentityProvider>();

  constructor(@Inject(identityProvidersConfig.KEY) private readonly config: IdentityProvidersConfig) {
    for (const provider of config.providers) {
      if (provider.id === 'github') this.byId.set(provider.id, new GithubProvider(provider));
      else {
        const issuers =
          provider.id === 'google' && provider.issuer === GOOGLE_ISSUER
            ? [GOOGLE_ISSUER, 'accounts.google.com']
            : [provider.issuer];
        this.byId.set(provider.id, new OidcProvider(provider, issuers));
      }
    }
  }

  all(): IdentityProvider[] {
    return [...this.byId.values()];
  }

  find(id: string): IdentityProvider | null {
    return this.byId.get(id) ?? null;
  }

  /** What each provider registers as its redirect URI. */
  callbackUrl(id: string): string {
    return `${this.config.apiUrl}/auth/${id}/callback`;
  }

  startUrl(id: string): string {
    return `${this.config.apiUrl}/auth/${id}`;
  }
}
