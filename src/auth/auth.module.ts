import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccountRecoveryModule } from '../account-recovery';
import { AuditModule } from '../audit';
import { PasskeysModule } from '../passkeys';
import { PasswordsModule } from '../passwords';
import { SessionsModule } from '../sessions';
import { TokensModule } from '../tokens';
import { TwoFactorModule } from '../two-factor';
import { UsersModule } from '../users';
import { AuthResolver } from './auth.resolver';
import { LocalAuthGuard } from './local-auth.guard';
import { LocalStrategy } from './local.strategy';
import { LoginService } from './login.service';
import { SignupService } from './signup.service';

/**
 * Signing up and signing in with a password (Passport's local strategy), refreshing and signing out.
 * Another way to sign in (a second factor, a passkey, an identity provider) gets a folder of its
 * own that proves who the person is and then calls SessionIssuer.start.
 */
@Module({
  imports: [
    UsersModule,
    PasswordsModule,
    SessionsModule,
    TokensModule,
    AccountRecoveryModule,
    AuditModule,
    TwoFactorModule,
    PasskeysModule,
    PassportModule,
  ],
  providers: [AuthResolver, SignupService, LoginService, LocalStrategy, LocalAuthGuard],
})
export class AuthModule {}
