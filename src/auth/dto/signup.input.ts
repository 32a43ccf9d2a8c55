import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, MaxLength } from 'class-validator';
import { NormalizeEmail } from '../../common/validation';
import { IsDisplayName } from '../../users/dto/name.rules';
import { IsNewPassword } from '../password.rules';

@InputType()
export class SignupInput {
  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters long' })
  email!: string;

  @Field()
  @IsNewPassword()
  password!: string;
}
