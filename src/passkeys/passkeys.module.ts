import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { MailModule } from '../mail';
import { PasswordsModule } from '../passwords';
import { SessionsModule } from '../sessions';
import { TokensModule } from '../tokens';
import { TwoFactorModule } from '../two-factor';
import { UsersModule } from '../users';
import { Passkey, PasskeyChallenge } from './entities';
import { PasskeyChallenges } from './passkey-challenges.service';
import { PasskeyEvents } from './passkey.events';
import { PasskeyLogin } from './passkey-login.service';
import { PasskeyRegistration } from './passkey-registration.service';
import { PasskeySignInResolver } from './passkey-sign-in.resolver';
import { PasskeysResolver } from './passkeys.resolver';
import { PasskeysService } from './passkeys.service';

/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registration behind two-factor's step-up, and a
 * sign-in that starts its session through SessionIssuer. auth/ asks it whether an account has one,
 * to offer PASSKEY at the second step of a password login.
 */
@Module({
  imports: [
    UsersModule,
    PasswordsModule,
    SessionsModule,
    TokensModule,
    AuditModule,
    MailModule,
    TwoFactorModule,
    MikroOrmModule.forFeature([Passkey, PasskeyChallenge]),
  ],
  providers: [
    PasskeyChallenges,
    PasskeyEvents,
    PasskeyRegistration,
    PasskeyLogin,
    PasskeysService,
    PasskeysResolver,
    PasskeySignInResolver,
  ],
  exports: [PasskeysService],
})
export class PasskeysModule {}
