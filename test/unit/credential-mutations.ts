/**
 * The mutations that check or set a password or a second factor, mint tokens, spend an emailed token
 * or send mail: what
 * the resolvers must mark @CredentialMutation (at most one per operation, each rate-limited).
 */
export const CREDENTIAL_MUTATIONS: readonly string[] = [
  'login',
  'signup',
  'refreshToken',
  'changePassword',
  'deleteAccount',
  'requestPasswordReset',
  'resetPassword',
  'requestEmailVerification',
  'verifyEmail',
  'startTwoFactorSetup',
  'confirmTwoFactorSetup',
  'disableTwoFactor',
  'regenerateRecoveryCodes',
  'verifyTwoFactor',
  'reauthenticate',
  'startPasskeyRegistration',
  'finishPasskeyRegistration',
  'removePasskey',
  'startPasskeyLogin',
  'finishPasskeyLogin',
];
