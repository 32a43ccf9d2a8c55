import { Field, InputType } from '@nestjs/graphql';
import { IsAccountEmail, IsDisplayName } from '../../users';
import { IsNewPassword } from '../../passwords';

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
