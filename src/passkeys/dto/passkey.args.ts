import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsObject, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { GraphQLJSONObject, type JsonObject } from '../../common/graphql';
import { Trim } from '../../common/validation';
import { IsAccountEmail } from '../../users';

/** A passkey's name: trimmed, 1 to 64 characters, no control characters. */
const IsPasskeyName = () =>
  applyDecorators(
    Trim(),
    IsString(),
    Length(1, 64, { message: 'name must be 1 to 64 characters long' }),
    Matches(/^\P{Cc}*$/u, { message: 'name must not contain control characters' }),
  );

@ArgsType()
export class PasskeyResponseArgs {
  @Field({ description: 'The challenge of the PasskeyChallenge the options came with.' })
  @IsString()
  @MaxLength(256, { message: 'challenge must be at most 256 characters long' })
  challenge!: string;

  @Field(() => GraphQLJSONObject, { description: "What @simplewebauthn/browser's start… function answered." })
  @IsObject({ message: 'response must be an object' })
  response!: JsonObject;
}

@ArgsType()
export class FinishRegistrationArgs extends PasskeyResponseArgs {
  @Field(() => String, { nullable: true, description: 'Default: the authenticator\'s name if known, or "Passkey N".' })
  @IsOptional()
  @IsPasskeyName()
  name?: string | null;
}

@ArgsType()
export class RenamePasskeyArgs {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field()
  @IsPasskeyName()
  name!: string;
}

@ArgsType()
export class StartPasskeyLoginArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Without it the browser offers every passkey it holds for this site (discoverable credentials).',
  })
  @IsOptional()
  @IsAccountEmail()
  email?: string | null;
}
