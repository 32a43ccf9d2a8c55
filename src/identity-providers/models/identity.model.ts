import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Identity', { description: "An identity provider's account linked to the user." })
export class IdentityModel {
  @Field({ description: 'oidc, google or github.' })
  provider!: string;

  @Field(() => String, { nullable: true, description: 'The address the provider gave when it was linked.' })
  email!: string | null;

  @Field()
  linkedAt!: Date;
}
