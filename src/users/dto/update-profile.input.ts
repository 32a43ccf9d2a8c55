import { Field, InputType } from '@nestjs/graphql';
import { IsDisplayName } from './name.rules';

@InputType()
export class UpdateProfileInput {
  @Field()
  @IsDisplayName()
  name!: string;
}
