import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsGivenPassword } from '../../passwords';
import { IsSecondFactorCode } from './code.rules';

@ArgsType()
export class CodeArgs {
  @Field({ description: 'A code from the authenticator app, or (where accepted) a recovery code.' })
  @IsSecondFactorCode()
  code!: string;
}

@ArgsType()
export class VerifyTwoFactorArgs {
  @Field({ description: 'extensions.challenge of the TWO_FACTOR_REQUIRED answer to login.' })
  @IsString()
  @MaxLength(256, { message: 'challenge must be at most 256 characters long' })
  challenge!: string;

  @Field({ description: 'A code from the authenticator app, or an unused recovery code.' })
  @IsSecondFactorCode()
  code!: string;
}

@ArgsType()
export class ReauthenticateArgs {
  @Field()
  @IsGivenPassword()
  password!: string;

  @Field(() => String, { nullable: true, description: 'Required while two-factor authentication is on.' })
  @IsOptional()
  @IsSecondFactorCode()
  code?: string | null;
}
