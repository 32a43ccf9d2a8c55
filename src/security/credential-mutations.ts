/**
 * Mutations that check or set a password, mint tokens, spend an emailed token or send mail. Only
 * these have rate limits, and an operation may hold at most one of them.
 */
export const CREDENTIAL_MUTATIONS = new Set([
  'login',
  'signup',
  'refreshToken',
  'changePassword',
  'deleteAccount',
  'requestPasswordReset',
  'resetPassword',
  'requestEmailVerification',
  'verifyEmail',
]);
