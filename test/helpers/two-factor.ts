import { Secret, TOTP } from 'otpauth';
import type { App } from 'supertest/types';
import { type AuthPayload, gql, type GraphQLResponse } from './graphql';

const PAYLOAD = 'accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email }';
export const START_SETUP = 'mutation Start { startTwoFactorSetup { secret otpauthUrl qrCodeSvg } }';
export const CONFIRM_SETUP = 'mutation Confirm($code: String!) { confirmTwoFactorSetup(code: $code) { codes } }';
export const DISABLE = 'mutation Disable($code: String!) { disableTwoFactor(code: $code) }';
export const REGENERATE = 'mutation Regenerate($code: String!) { regenerateRecoveryCodes(code: $code) { codes } }';
export const VERIFY = `mutation Verify($challenge: String!, $code: String!) { verifyTwoFactor(challenge: $challenge, code: $code) { ${PAYLOAD} } }`;
export const REAUTHENTICATE =
  'mutation Reauthenticate($password: String!, $code: String) { reauthenticate(password: $password, code: $code) }';
export const TWO_FACTOR_ENABLED = 'query Enabled { viewer { id twoFactorEnabled } }';
export const SESSION_METHODS = 'query Methods { sessions { id current authMethods } }';

export interface Setup {
  secret: string;
  otpauthUrl: string;
  qrCodeSvg: string;
}

/** The code an authenticator app shows for `secret`, `steps` 30-second steps from now. */
export function totp(secret: string, steps = 0): string {
  const generator = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return generator.generate({ timestamp: Date.now() + steps * 30_000 });
}

/** Six digits that are no code of `secret` anywhere near now. */
export function wrongCode(secret: string): string {
  const near = new Set([-3, -2, -1, 0, 1, 2, 3].map((steps) => totp(secret, steps)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** The claims of an access token, unchecked (the server checked them). */
export const claimsOf = (accessToken: string): { sid: string; amr?: string[] } =>
  JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string; amr?: string[] };

/** A two-factor client for one server. */
export function twoFactorClient(server: App) {
  return {
    start: (token: string) => gql<{ startTwoFactorSetup: Setup }>(server, START_SETUP, {}, { token }),
    confirm: (token: string, code: string) =>
      gql<{ confirmTwoFactorSetup: { codes: string[] } }>(server, CONFIRM_SETUP, { code }, { token }),
    disable: (token: string, code: string) => gql<{ disableTwoFactor: boolean }>(server, DISABLE, { code }, { token }),
    regenerate: (token: string, code: string) =>
      gql<{ regenerateRecoveryCodes: { codes: string[] } }>(server, REGENERATE, { code }, { token }),
    verify: (challenge: string, code: string, headers?: Record<string, string>) =>
      gql<{ verifyTwoFactor: AuthPayload }>(server, VERIFY, { challenge, code }, { headers }),
    reauthenticate: (token: string, password: string, code?: string) =>
      gql<{ reauthenticate: string }>(server, REAUTHENTICATE, { password, code }, { token }),
    enabled: async (token: string) =>
      (await gql<{ viewer: { twoFactorEnabled: boolean } }>(server, TWO_FACTOR_ENABLED, {}, { token })).data?.viewer
        .twoFactorEnabled,
    /** Sets two-factor up and confirms it with the current code; answers the secret, that code and the recovery codes. */
    async enable(token: string): Promise<{ secret: string; confirmedWith: string; codes: string[] }> {
      const setup = await this.start(token);
      if (!setup.data) throw new Error(`startTwoFactorSetup failed: ${setup.text}`);
      const { secret } = setup.data.startTwoFactorSetup;
      const confirmedWith = totp(secret);
      const confirmed = await this.confirm(token, confirmedWith);
      if (!confirmed.data) throw new Error(`confirmTwoFactorSetup failed: ${confirmed.text}`);
      return { secret, confirmedWith, codes: confirmed.data.confirmTwoFactorSetup.codes };
    },
  };
}

/** The TWO_FACTOR_REQUIRED answer's challenge, or a failure naming what came instead. */
export function challengeOf(res: GraphQLResponse<unknown>): string {
  const extensions = res.errors?.[0]?.extensions;
  if (extensions?.code !== 'TWO_FACTOR_REQUIRED' || typeof extensions.challenge !== 'string') {
    throw new Error(`expected TWO_FACTOR_REQUIRED, got ${res.text}`);
  }
  return extensions.challenge;
}
