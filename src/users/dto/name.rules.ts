import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';
import { Trim } from '../../common/validation';

/** A person's display name: trimmed, 1 to 120 characters, no control characters. */
export const IsDisplayName = () =>
  applyDecorators(
    Trim(),
    IsString(),
    Length(1, 120, { message: 'name must be 1 to 120 characters long' }),
    // PostgreSQL refuses NUL in text; other control characters have no place in a display name.
    Matches(/^\P{Cc}*$/u, { message: 'name must not contain control characters' }),
  );
