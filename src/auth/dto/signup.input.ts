import { Field, InputType } from '@nestjs/graphql';
import { IsAccountEmail } from '../../users/dto/email.rules';
import { IsDisplayName } from '../../users/dto/name.rules';
import { IsNewPassword } from '../password.rules';

@InputType()
export class SignupInput {
  @Field()
  @IsDisplayName()
  name!: string;

  @Field()
  @IsAccountEmail()
  email!: string;

  @Field()
  @IsNewPassword()
  password!: string;
}
