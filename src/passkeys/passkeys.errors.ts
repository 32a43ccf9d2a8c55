import { coded } from '../common/errors';

/** A registration the server will not keep: an answer for another site or request, or without user verification. */
export class PasskeyRejectedError extends coded('PASSKEY_REJECTED') {}

/** Removing the only way left into an account: its last passkey, with no usable password and no linked identity provider. */
export class LastSignInMethodError extends coded('LAST_SIGN_IN_METHOD') {
  constructor() {
    super('This passkey is the only way into your account: set a password or add another passkey before removing it');
  }
}
