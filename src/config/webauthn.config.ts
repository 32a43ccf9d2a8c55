import { registerAs } from '@nestjs/config';
import { loadEnv } from './env';
import { ownAddress } from './mail.config';

/** An origin may use a passkey of `rpId` when its host is the RP ID or a subdomain of it (WebAuthn §5.1.3). */
const withinRpId = (origin: string, rpId: string) => {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
};

/**
 * Passkeys' relying party: the RP ID (default: APP_URL's host), its name, and the origins whose
 * responses are accepted (default: APP_URL's origin). Origins outside the RP ID stop the server.
 */
export const webauthnConfig = registerAs('webauthn', () => {
  const env = loadEnv();
  const appUrl = new URL(env.APP_URL ?? ownAddress(env.HOST, env.PORT));
  const rpId = env.WEBAUTHN_RP_ID ?? appUrl.hostname.replace(/^\[|\]$/g, '');
  const origins = env.WEBAUTHN_ORIGINS ?? [appUrl.origin];
  const outside = origins.find((origin) => !withinRpId(origin, rpId));
  if (outside !== undefined) {
    throw new Error(
      `Invalid configuration: "WEBAUTHN_ORIGINS" must be origins on the RP ID "${rpId}" (WEBAUTHN_RP_ID, or APP_URL's host) or its subdomains: "${outside}"`,
    );
  }
  return { rpId, rpName: env.WEBAUTHN_RP_NAME, origins };
});

export type WebauthnConfig = ReturnType<typeof webauthnConfig>;
