import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { MailModule } from '../mail';
import { PasswordsModule } from '../passwords';
import { SessionsModule } from '../sessions';
import { UsersModule } from '../users';
import { AccountRecoveryResolver } from './account-recovery.resolver';
import { EmailLinksService } from './email-links.service';
import { EmailToken } from './email-token.entity';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';

/** What goes through a person's inbox: password reset links and address verification links. */
@Module({
  imports: [
    UsersModule,
    PasswordsModule,
    SessionsModule,
    AuditModule,
    MailModule,
    MikroOrmModule.forFeature([EmailToken]),
  ],
  providers: [EmailLinksService, PasswordResetService, EmailVerificationService, AccountRecoveryResolver],
  exports: [PasswordResetService, EmailVerificationService],
})
export class AccountRecoveryModule {}
