import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';

@ArgsType()
export class ProviderArgs {
  @Field({ description: 'oidc, google or github.' })
  @IsString()
  @Length(1, 20, { message: 'provider must be 1 to 20 characters long' })
  provider!: string;
}
