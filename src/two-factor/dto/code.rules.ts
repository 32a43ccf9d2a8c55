import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Only bounds the input: a code of the wrong shape is simply a wrong code (INVALID_CODE). */
export const IsSecondFactorCode = (property = 'code') =>
  applyDecorators(
    IsString(),
    MinLength(1, { message: `${property} must not be empty` }),
    MaxLength(64, { message: `${property} must be at most 64 characters long` }),
  );
