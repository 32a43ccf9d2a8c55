import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { AuthEvent } from './auth-event.entity';

/** Global so every feature can record what happened without importing it. */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature([AuthEvent])],
  providers: [AuditService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
