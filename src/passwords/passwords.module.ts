import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { UsersModule } from '../users';
import { LoginBackoffService } from './login-backoff.service';
import { LoginFailure } from './login-failure.entity';
import { PasswordHasher } from './password.hasher';
import { PasswordPolicy } from './password.policy';
import { PasswordsService } from './passwords.service';

/** Hashing (bcrypt over a pre-hash), the password policy, and the per-account login backoff. */
@Module({
  imports: [UsersModule, AuditModule, MikroOrmModule.forFeature([LoginFailure])],
  providers: [PasswordHasher, PasswordPolicy, LoginBackoffService, PasswordsService],
  exports: [PasswordsService],
})
export class PasswordsModule {}
