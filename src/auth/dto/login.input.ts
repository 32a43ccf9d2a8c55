import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, MaxLength } from 'class-validator';
import { NormalizeEmail } from '../../common/validation';
import { IsGivenPassword } from '../password.rules';

@InputType()
export class LoginInput {
  @Field()
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters long' })
  email!: string;

  @Field()
  @IsGivenPassword()
  password!: string;
}
