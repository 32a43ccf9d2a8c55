import { coded } from '../common/errors';

/** A registration the server will not keep: an answer for another site or request, or without user verification. */
export class PasskeyRejectedError extends coded('PASSKEY_REJECTED') {}

/** Removing the only way left into an account: its last passkey, when it has no usable password. */
export class LastSignInMethodError extends coded('LAST_SIGN_IN_METHOD') {
  constructor() {
    super('This is the last passkey of an account without a password: add another passkey before removing it');
  }
}
