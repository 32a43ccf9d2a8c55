import { Module } from '@nestjs/common';
import { AccountRecoveryModule } from '../account-recovery';
import { AuditModule } from '../audit';
import { PasswordsModule } from '../passwords';
import { SessionsModule } from '../sessions';
import { TokensModule } from '../tokens';
import { TwoFactorModule } from '../two-factor';
import { UsersModule } from '../users';
import { AccountResolver } from './account.resolver';
import { AccountService } from './account.service';
import { PasswordChangeService } from './password-change.service';
import { SecurityEventsResolver } from './security-events.resolver';
import { ViewerResolver } from './viewer.resolver';

/** The signed-in person's own account: who they are (viewer), their name, password, deletion and security activity. */
@Module({
  imports: [
    UsersModule,
    PasswordsModule,
    SessionsModule,
    TokensModule,
    AccountRecoveryModule,
    AuditModule,
    TwoFactorModule,
  ],
  providers: [AccountService, PasswordChangeService, ViewerResolver, AccountResolver, SecurityEventsResolver],
})
export class AccountModule {}
