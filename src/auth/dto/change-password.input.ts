import { Field, InputType } from '@nestjs/graphql';
import { IsGivenPassword, IsNewPassword } from '../password.rules';

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsGivenPassword('currentPassword')
  currentPassword!: string;

  @Field()
  @IsNewPassword('newPassword')
  newPassword!: string;
}
