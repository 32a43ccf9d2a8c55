import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';

/** Only bounds the input; a token of the wrong shape is simply one that does not exist (INVALID_TOKEN). */
export const IsEmailToken = () =>
  applyDecorators(IsString(), MaxLength(256, { message: 'token must be at most 256 characters long' }));
