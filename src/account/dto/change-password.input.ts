import { Field, InputType } from '@nestjs/graphql';
import { IsGivenPassword, IsNewPassword } from '../../passwords';

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsGivenPassword('currentPassword')
  currentPassword!: string;

  @Field()
  @IsNewPassword('newPassword')
  newPassword!: string;
}
