export * from './mail.module';
export * from './mail.templates';
export * from './mailer.service';
