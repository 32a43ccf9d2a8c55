import { applyDecorators } from '@nestjs/common';
import { IsEmail, MaxLength } from 'class-validator';
import { NormalizeEmail } from '../../common/validation';

/** An account's address as given: trimmed and lower-cased, then checked. */
export const IsAccountEmail = (property = 'email') =>
  applyDecorators(
    NormalizeEmail(),
    IsEmail({}, { message: `${property} must be a valid email address` }),
    MaxLength(254, { message: `${property} must be at most 254 characters long` }),
  );
