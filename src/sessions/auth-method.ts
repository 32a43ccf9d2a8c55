import { registerEnumType } from '@nestjs/graphql';

/** How a session was signed in: each proof the person gave. */
export enum AuthMethod {
  PASSWORD = 'PASSWORD',
  TOTP = 'TOTP',
  RECOVERY_CODE = 'RECOVERY_CODE',
  IDENTITY_PROVIDER = 'IDENTITY_PROVIDER',
  PASSKEY = 'PASSKEY',
}

registerEnumType(AuthMethod, {
  name: 'AuthMethod',
  valuesMap: {
    PASSWORD: { description: "The account's password." },
    TOTP: { description: 'A code from an authenticator app (RFC 6238).' },
    RECOVERY_CODE: { description: 'One of the single-use recovery codes.' },
    IDENTITY_PROVIDER: { description: 'An identity provider (OpenID Connect, Google, GitHub) vouched for the person.' },
    PASSKEY: { description: 'A passkey (WebAuthn) with user verification: a complete, multi-factor sign-in.' },
  },
});

// RFC 8176 has no value for a look-up secret such as a recovery code; "mfa" still says two factors were given.
// Nor for a federated sign-in: the provider's own proofs are its business, not claims of ours.
// A passkey is a hardware-bound key ("hwk") unlocked by the person ("user": a PIN or a biometric).
const AMR: Record<AuthMethod, string[]> = {
  [AuthMethod.PASSWORD]: ['pwd'],
  [AuthMethod.TOTP]: ['otp'],
  [AuthMethod.RECOVERY_CODE]: [],
  [AuthMethod.IDENTITY_PROVIDER]: [],
  [AuthMethod.PASSKEY]: ['hwk', 'user'],
};

/** The access token's `amr` claim (RFC 8176): each method's values, and "mfa" when more than one method was given. */
export function amrOf(methods: readonly AuthMethod[]): string[] {
  const values = methods.flatMap((method) => AMR[method]);
  return methods.length > 1 ? [...values, 'mfa'] : values;
}
