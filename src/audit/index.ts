export * from './audit.module';
export * from './audit.service';
export * from './auth-event.entity';
export * from './models/auth-event.model';
