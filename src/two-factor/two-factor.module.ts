import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { MailModule } from '../mail';
import { PasswordsModule } from '../passwords';
import { SessionsModule } from '../sessions';
import { TokensModule } from '../tokens';
import { UsersModule } from '../users';
import { TwoFactorChallenges } from './challenges.service';
import { DataCipher } from './crypto/data-cipher';
import { RecoveryCode, TwoFactorChallenge, TwoFactorCredential } from './entities';
import { SecretRotation } from './secret-rotation';
import { SecondFactorService } from './second-factor.service';
import { StepUpService } from './step-up.service';
import { TwoFactorEvents } from './two-factor.events';
import { TwoFactorResolver } from './two-factor.resolver';
import { TwoFactorService } from './two-factor.service';
import { TwoFactorSignInResolver } from './two-factor-sign-in.resolver';

/**
 * A second factor: TOTP (secrets sealed at rest), recovery codes, the login's challenge step
 * (TwoFactorChallenges, which starts the session through SessionIssuer) and step-up (StepUpService).
 * auth/ asks it for a challenge at login; account/ asks it for the step-up before sensitive changes.
 */
@Module({
  imports: [
    UsersModule,
    PasswordsModule,
    SessionsModule,
    TokensModule,
    AuditModule,
    MailModule,
    MikroOrmModule.forFeature([TwoFactorCredential, RecoveryCode, TwoFactorChallenge]),
  ],
  providers: [
    DataCipher,
    SecondFactorService,
    TwoFactorEvents,
    StepUpService,
    TwoFactorService,
    TwoFactorChallenges,
    SecretRotation,
    TwoFactorResolver,
    TwoFactorSignInResolver,
  ],
  exports: [TwoFactorChallenges, StepUpService],
})
export class TwoFactorModule {}
