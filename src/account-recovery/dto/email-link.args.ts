import { ArgsType, Field } from '@nestjs/graphql';
import { IsAccountEmail } from '../../users';
import { IsEmailToken } from './email-token.rules';

@ArgsType()
export class RequestPasswordResetArgs {
  @Field()
  @IsAccountEmail()
  email!: string;
}

@ArgsType()
export class VerifyEmailArgs {
  @Field({ description: 'The token from the link in the verification email.' })
  @IsEmailToken()
  token!: string;
}
