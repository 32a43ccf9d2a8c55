import { Field, InputType } from '@nestjs/graphql';
import { IsAccountEmail } from '../../users/dto/email.rules';
import { IsGivenPassword } from '../password.rules';

@InputType()
export class LoginInput {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field()
  @IsGivenPassword()
  password!: string;
}
