export * from './account-recovery.module';
export * from './email-token.entity';
export * from './email-verification.service';
export * from './password-reset.service';
