import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { CodePointLength, NormalizeEmail } from '../../common/validation';
import { PASSWORD_MAX_LENGTH } from '../password.rules';

@InputType()
export class LoginInput {
  @Field()
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters long' })
  email!: string;

  // No minimum: an account made under an older rule must still be able to sign in.
  @Field()
  @IsString()
  @CodePointLength(1, PASSWORD_MAX_LENGTH, { message: `password must be 1 to ${PASSWORD_MAX_LENGTH} characters long` })
  password!: string;
}
