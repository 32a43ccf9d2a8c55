import { coded } from '../common/errors';

/** A TOTP code or recovery code that is wrong, already used, or from a step too far from now. */
export class InvalidCodeError extends coded('INVALID_CODE') {
  constructor(message = 'The code is wrong or has already been used', attemptsLeft?: number) {
    super(message);
    if (attemptsLeft !== undefined) this.details.attemptsLeft = attemptsLeft;
  }
}

export class TwoFactorAlreadyEnabledError extends coded('TWO_FACTOR_ALREADY_ENABLED') {
  constructor() {
    super('Two-factor authentication is already on; turn it off first to set up another authenticator');
  }
}

export class TwoFactorNotEnabledError extends coded('TWO_FACTOR_NOT_ENABLED') {
  constructor(message = 'Two-factor authentication is not on') {
    super(message);
  }
}
