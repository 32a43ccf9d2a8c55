import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('RecoveryCodes')
export class RecoveryCodesModel {
  @Field(() => [String], { description: 'Each works once in place of a code; shown this once only.' })
  codes!: string[];
}
