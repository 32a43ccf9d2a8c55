/** What the person's account at the provider says about them, once the provider has vouched for it. */
export interface ProviderProfile {
  /** The provider's stable id of the account (OpenID Connect `sub`, GitHub's numeric id). */
  subject: string;
  email: string | null;
  /** Only when the provider says the address is verified. */
  emailVerified: boolean;
  name: string | null;
}

/** One browser flow's secrets, as the provider must see them (PKCE's challenge, not its verifier). */
export interface AuthorizationRequest {
  state: string;
  nonce: string;
  codeChallenge: string;
  redirectUri: string;
}

/** What the callback hands back: the code, and the flow's secrets that prove it is ours. */
export interface CodeExchange {
  code: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
}

/** A configured provider: where to send the browser, and how to turn the code it returns into a profile. */
export interface IdentityProvider {
  readonly id: string;
  readonly label: string;
  authorizationUrl(request: AuthorizationRequest): Promise<string>;
  /** Throws ProviderFlowError (token_invalid, provider_error) when the provider's answer does not hold. */
  profile(exchange: CodeExchange): Promise<ProviderProfile>;
}
