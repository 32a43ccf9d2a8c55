import { amrOf, AuthMethod } from './auth-method';

describe('amrOf (RFC 8176)', () => {
  it.each([
    [[AuthMethod.PASSWORD], ['pwd']],
    [
      [AuthMethod.PASSWORD, AuthMethod.TOTP],
      ['pwd', 'otp', 'mfa'],
    ],
    [
      [AuthMethod.PASSWORD, AuthMethod.RECOVERY_CODE],
      ['pwd', 'mfa'],
    ],
    // A passkey with user verification: a hardware-bound key and the person who unlocked it.
    [[AuthMethod.PASSKEY], ['hwk', 'user']],
  ])('%p gives %p', (methods, amr) => {
    expect(amrOf(methods)).toEqual(amr);
  });
});
