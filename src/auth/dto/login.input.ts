import { Field, InputType } from '@nestjs/graphql';
import { IsAccountEmail } from '../../users';
import { IsGivenPassword } from '../../passwords';

@InputType()
export class LoginInput {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field()
  @IsGivenPassword()
  password!: string;
}
