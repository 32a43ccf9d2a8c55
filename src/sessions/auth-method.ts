import { registerEnumType } from '@nestjs/graphql';

/** How a session was signed in: each proof the person gave. */
export enum AuthMethod {
  PASSWORD = 'PASSWORD',
  TOTP = 'TOTP',
  RECOVERY_CODE = 'RECOVERY_CODE',
  IDENTITY_PROVIDER = 'IDENTITY_PROVIDER',
}

registerEnumType(AuthMethod, {
  name: 'AuthMethod',
  valuesMap: {
    PASSWORD: { description: "The account's password." },
    TOTP: { description: 'A code from an authenticator app (RFC 6238).' },
    RECOVERY_CODE: { description: 'One of the single-use recovery codes.' },
    IDENTITY_PROVIDER: { description: 'An identity provider (OpenID Connect, Google, GitHub) vouched for the person.' },
  },
});

// RFC 8176 has no value for a look-up secret such as a recovery code; "mfa" still says two factors were given.
const AMR: Record<AuthMethod, string | null> = {
  [AuthMethod.PASSWORD]: 'pwd',
  [AuthMethod.TOTP]: 'otp',
  [AuthMethod.RECOVERY_CODE]: null,
  // Nor for a federated sign-in: the provider's own proofs are its business, not claims of ours.
  [AuthMethod.IDENTITY_PROVIDER]: null,
};

/** The access token's `amr` claim (RFC 8176): each method's value, and "mfa" when more than one factor was given. */
export function amrOf(methods: readonly AuthMethod[]): string[] {
  const values = methods.flatMap((method) => AMR[method] ?? []);
  return methods.length > 1 ? [...values, 'mfa'] : values;
}
