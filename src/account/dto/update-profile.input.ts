import { Field, InputType } from '@nestjs/graphql';
import { IsDisplayName } from '../../users';

@InputType()
export class UpdateProfileInput {
  @Field()
  @IsDisplayName()
  name!: string;
}
