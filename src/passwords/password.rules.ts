import { applyDecorators } from '@nestjs/common';
import { IsString } from 'class-validator';
import { CodePointLength } from '../common/validation';

/**
 * Counted in code points after NFKC. The minimum here is the floor every input meets; PasswordPolicy
 * applies PASSWORD_MIN_LENGTH and the other rules. bcrypt needs no upper limit (see PasswordHasher);
 * this one only bounds work.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

/** The rules for a password being set: at signup and at every change. */
export const IsNewPassword = (property = 'password') =>
  applyDecorators(
    IsString(),
    CodePointLength(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
      message: `${property} must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
    }),
  );

/** A password being checked: no minimum, so an account made under an older rule can still sign in. */
export const IsGivenPassword = (property = 'password') =>
  applyDecorators(
    IsString(),
    CodePointLength(1, PASSWORD_MAX_LENGTH, {
      message: `${property} must be 1 to ${PASSWORD_MAX_LENGTH} characters long`,
    }),
  );
