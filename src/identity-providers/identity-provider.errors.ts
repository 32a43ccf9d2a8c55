import { coded } from '../common/errors';

/**
 * Why a provider sign-in or link ended without one: the code the web client's Log in (or Account)
 * page is sent with as `?error=`. Never a provider's own message, which the log keeps instead.
 */
export const REFUSAL_REASONS = [
  'provider_unavailable',
  'provider_denied',
  'provider_error',
  'state_invalid',
  'token_invalid',
  'email_missing',
  'account_exists',
  'identity_in_use',
  'provider_already_linked',
  'signed_out',
  'reauthentication_required',
  'email_not_verified',
  'too_many_requests',
  'try_again',
  'server_error',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** A flow that cannot go on; `detail` is for the log only. */
export class ProviderFlowError extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/** unlinkIdentity would leave the account with no way in: no password, no other identity, no passkey. */
export class LastSignInMethodError extends coded('LAST_SIGN_IN_METHOD') {
  constructor() {
    super(
      'This is the only way into your account: set a password (Forgot password), add a passkey or link another provider first',
    );
  }
}
