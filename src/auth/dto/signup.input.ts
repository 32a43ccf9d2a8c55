import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { CodePointLength, NormalizeEmail, Trim } from '../../common/validation';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password.rules';

@InputType()
export class SignupInput {
  @Field()
  @Trim()
  @IsString()
  @Length(1, 120, { message: 'name must be 1 to 120 characters long' })
  // PostgreSQL refuses NUL in text; other control characters have no place in a display name.
  @Matches(/^\P{Cc}*$/u, { message: 'name must not contain control characters' })
  name!: string;

  @Field()
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters long' })
  email!: string;

  @Field()
  @IsString()
  @CodePointLength(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
  })
  password!: string;
}
