import { Field, InputType } from '@nestjs/graphql';
import { IsEmailToken } from './email-token.rules';
import { IsNewPassword } from '../../passwords';

@InputType()
export class ResetPasswordInput {
  @Field({ description: 'The token from the link in the reset email.' })
  @IsEmailToken()
  token!: string;

  @Field()
  @IsNewPassword('newPassword')
  newPassword!: string;
}
