/**
 * The WebAuthn bits Doorman needs besides @simplewebauthn/server: the user handle it gives a person,
 * readable names for well-known authenticators, and the words for a refused answer.
 */

/** The WebAuthn user handle of an account: its UUID's 16 bytes (no email or name in it). */
export const userHandleOf = (userId: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));

// Passkey providers by AAGUID (from the passkey-authenticator-aaguids list); anything else is "Passkey N".
const AUTHENTICATOR_NAMES: Readonly<Record<string, string>> = {
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': 'Google Password Manager',
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd': 'iCloud Keychain',
  'bada5566-a7aa-401f-bd96-45619a55120d': '1Password',
  'd548826e-79b4-db40-a3d8-11116f7e8349': 'Bitwarden',
  '08987058-cadc-4b81-b6e1-30de50dcbe96': 'Windows Hello',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9': 'Windows Hello',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2': 'Windows Hello',
};

export const authenticatorName = (aaguid: string): string | undefined => AUTHENTICATOR_NAMES[aaguid.toLowerCase()];

/** What @simplewebauthn/server's refusal means for the person, without its details (which go to the log). */
export function refusalInWords(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/origin/i.test(message)) return 'it was made for another site (origin)';
  if (/RP ?ID/i.test(message)) return 'it was made for another site (RP ID)';
  if (/user verification|could not be verified/i.test(message)) {
    return 'the authenticator did not verify you (a PIN, a fingerprint or a face is required)';
  }
  if (/challenge/i.test(message)) return 'it answers another request';
  return 'the authenticator’s answer is not valid';
}
