import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Client, type ClientInfo, Public } from '../common/decorators';
import { CredentialMutation, Limit } from '../security';
import { CurrentUser } from '../sessions';
import type { User } from '../users';
import { RequestPasswordResetArgs, VerifyEmailArgs } from './dto/email-link.args';
import { ResetPasswordInput } from './dto/reset-password.input';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';

/** The two flows that go through a person's inbox: password reset and address verification. */
@Resolver()
export class AccountRecoveryResolver {
  constructor(
    private readonly reset: PasswordResetService,
    private readonly verification: EmailVerificationService,
  ) {}

  @Public()
  @CredentialMutation(Limit.MAIL_PER_RECIPIENT, Limit.MAIL_PER_IP)
  @Mutation(() => Boolean, {
    description: 'Emails a reset link if the address has an account. Always true, so it tells nobody whether it has.',
  })
  requestPasswordReset(@Args() { email }: RequestPasswordResetArgs, @Client() client: ClientInfo): Promise<boolean> {
    return this.reset.request(email, client);
  }

  @Public()
  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => Boolean, {
    description: "Spends a reset link's token: sets the new password and ends every session of the account.",
  })
  resetPassword(@Args('input') input: ResetPasswordInput, @Client() client: ClientInfo): Promise<boolean> {
    return this.reset.reset(input, client);
  }

  @CredentialMutation(Limit.MAIL_PER_RECIPIENT, Limit.MAIL_PER_IP)
  @Mutation(() => Boolean, {
    description: "Emails a new verification link to the viewer's address, unless it is verified already.",
  })
  requestEmailVerification(@CurrentUser() user: User, @Client() client: ClientInfo): Promise<boolean> {
    return this.verification.request(user, client);
  }

  @Public()
  @CredentialMutation(Limit.CREDENTIAL_PER_IP)
  @Mutation(() => Boolean, { description: "Spends a verification link's token and marks the address verified." })
  verifyEmail(@Args() { token }: VerifyEmailArgs, @Client() client: ClientInfo): Promise<boolean> {
    return this.verification.verify(token, client);
  }
}
