import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject, type JsonObject } from '../../common/graphql';

@ObjectType('PasskeyChallenge')
export class PasskeyChallengeModel {
  @Field({ description: 'Send it back with the response; it works once, for 5 minutes.' })
  challenge!: string;

  @Field(() => GraphQLJSONObject, {
    description: "WebAuthn options for @simplewebauthn/browser's startRegistration or startAuthentication.",
  })
  options!: JsonObject;
}
