import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo } from '../common/decorators';
import { CredentialMutation, Limit } from '../security';
import { CurrentSessionId, CurrentUser } from '../sessions';
import type { User } from '../users';
import { FinishRegistrationArgs, RenamePasskeyArgs } from './dto/passkey.args';
import { PasskeyChallengeModel } from './models/passkey-challenge.model';
import { PasskeyModel } from './models/passkey.model';
import { PasskeyRegistration } from './passkey-registration.service';
import { PasskeysService } from './passkeys.service';

/** The signed-in person's passkeys. Adding and removing one changes a way in, so each is limited per IP. */
@Resolver(() => PasskeyModel)
export class PasskeysResolver {
  constructor(
    private readonly service: PasskeysService,
    private readonly registration: PasskeyRegistration,
  ) {}

  @Query(() => [PasskeyModel], { description: "The viewer's passkeys, oldest first." })
  passkeys(@CurrentUser() user: User): Promise<PasskeyModel[]> {
    return this.service.list(user.id);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => PasskeyChallengeModel, {
    description: 'Options to create a passkey in the browser; needs a recent authentication.',
  })
  startPasskeyRegistration(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
  ): Promise<PasskeyChallengeModel> {
    return this.registration.start(user, sessionId);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => PasskeyModel, { description: "Checks the browser's new passkey and keeps it." })
  finishPasskeyRegistration(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args() { challenge, response, name }: FinishRegistrationArgs,
    @Client() client: ClientInfo,
  ): Promise<PasskeyModel> {
    return this.registration.finish(user, sessionId, challenge, response, name, client);
  }

  @Mutation(() => PasskeyModel, { description: 'Gives one of the viewer’s passkeys a new name.' })
  renamePasskey(@CurrentUser() user: User, @Args() { id, name }: RenamePasskeyArgs): Promise<PasskeyModel> {
    return this.service.rename(user.id, id, name);
  }

  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => Boolean, {
    description:
      'Removes one of the viewer’s passkeys; needs a recent authentication, and never takes the last way in.',
  })
  removePasskey(
    @CurrentUser() user: User,
    @CurrentSessionId() sessionId: string,
    @Args('id', { type: () => ID }) id: string,
    @Client() client: ClientInfo,
  ): Promise<boolean> {
    return this.service.remove(user, sessionId, id, client);
  }
}
