import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('SignInProvider', { description: 'An identity provider this server is configured for.' })
export class SignInProviderModel {
  @Field({ description: 'oidc, google or github.' })
  id!: string;

  @Field({ description: 'For a "Continue with <label>" button.' })
  label!: string;

  @Field({
    description: 'Where the browser goes to sign in (add ?returnTo=/path, or ?link=1 to link while signed in).',
  })
  url!: string;
}
