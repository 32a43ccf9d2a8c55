import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuthEvent } from './auth-event.entity';

/** The audit trail: every feature records what happened to an account; the viewer reads it (account/). */
@Module({
  imports: [MikroOrmModule.forFeature([AuthEvent])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
