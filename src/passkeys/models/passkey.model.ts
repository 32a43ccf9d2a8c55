import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Passkey')
export class PasskeyModel {
  @Field(() => ID)
  id!: string;

  @Field({
    description: 'Given at registration (or from the authenticator), or "Passkey N"; renamePasskey changes it.',
  })
  name!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'The last sign-in with it.' })
  lastUsedAt?: Date | null;

  @Field({ description: 'Synced to a cloud account, so it survives the loss of one device.' })
  backedUp!: boolean;
}
