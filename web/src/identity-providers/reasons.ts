/** The reason codes the API's provider routes redirect with (`?error=`), in plain words. */
const REASONS: Record<string, string> = {
  provider_unavailable: 'That sign-in provider is not available here.',
  provider_denied: 'You cancelled at the provider, so nothing changed.',
  provider_error: 'The provider could not confirm who you are. Please try again.',
  state_invalid: 'That sign-in link has expired or was already used. Please start again.',
  token_invalid: 'The provider’s answer could not be verified, so you were not signed in. Please try again.',
  email_missing: 'The provider did not share an email address, which an account needs.',
  account_exists:
    'An account already uses this email address. Log in with your password, then link this provider from your Account page.',
  identity_in_use: 'That provider account is already linked to another account.',
  provider_already_linked: 'Another account of this provider is already linked; unlink it first.',
  signed_out: 'Your session has ended. Please log in again.',
  reauthentication_required: 'For your safety, log in again (within the last few minutes) before linking a provider.',
  email_not_verified: 'Confirm your email address first: follow the link we sent to it.',
  too_many_requests: 'Too many attempts from here. Please wait a minute and try again.',
  try_again: 'Something changed at the same moment. Please try again.',
  server_error: 'Something went wrong on our side. Please try again.',
};

export function describeReason(reason: string | null): string | null {
  if (!reason) return null;
  return REASONS[reason] ?? REASONS.server_error;
}
