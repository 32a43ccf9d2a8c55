import { applyDecorators, SetMetadata } from '@nestjs/common';

/** The rate limits an operation can draw on; each counts per the tracker its name ends with. */
export enum Limit {
  LOGIN_PER_EMAIL = 'login-email',
  /** Every check of a credential: a password, or a token from an emailed link. */
  CREDENTIAL_PER_IP = 'password-ip',
  SIGNUP_PER_IP = 'signup-ip',
  REFRESH_PER_SESSION = 'refresh-session',
  REFRESH_PER_IP = 'refresh-ip',
  /** Per recipient: the address a reset goes to, or the signed-in account a verification goes to. */
  MAIL_PER_RECIPIENT = 'mail-email',
  MAIL_PER_IP = 'mail-ip',
  /** The identity-provider sign-in routes (start and callback). */
  PROVIDER_PER_IP = 'provider-ip',
}

/** The limits that count per client IP: every public operation must draw on one of them. */
export const PER_IP_LIMITS: ReadonlySet<Limit> = new Set([
  Limit.CREDENTIAL_PER_IP,
  Limit.SIGNUP_PER_IP,
  Limit.REFRESH_PER_IP,
  Limit.MAIL_PER_IP,
  Limit.PROVIDER_PER_IP,
]);

/**
 * The limits that guard a credential (a password, a token, an emailed link, an inbox): a mutation
 * that draws on one must be a @CredentialMutation. Today that is every limit.
 */
export const CREDENTIAL_LIMITS: ReadonlySet<Limit> = new Set(Object.values(Limit));

export const RATE_LIMITS_KEY = 'doorman:rateLimits';
export const CREDENTIAL_KEY = 'doorman:credentialOperation';
export const NO_RATE_LIMIT_KEY = 'doorman:noRateLimit';

/**
 * The operation counts against each of these limits, and is refused (TOO_MANY_REQUESTS) past any of
 * them. Stacked declarations add up.
 */
export const RateLimit =
  (...limits: Limit[]): MethodDecorator =>
  (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const declared = (Reflect.getMetadata(RATE_LIMITS_KEY, handler) as Limit[] | undefined) ?? [];
    Reflect.defineMetadata(RATE_LIMITS_KEY, [...new Set([...declared, ...limits])], handler);
  };

/**
 * Checks or sets a password, mints tokens, spends an emailed token or sends mail: rate-limited by
 * `limits`, and at most one such mutation per GraphQL operation (aliases included), so one
 * request cannot multiply the guesses a limit allows.
 */
export const CredentialMutation = (...limits: Limit[]) =>
  applyDecorators(RateLimit(...limits), SetMetadata(CREDENTIAL_KEY, true));

/** A public operation that is deliberately unlimited; `reason` says why (start-up refuses one without). */
export const NoRateLimit = (reason: string) => SetMetadata(NO_RATE_LIMIT_KEY, reason);
