export * from './app.config';
export * from './auth.config';
export * from './database.config';
export * from './mail.config';
export { validateEnv } from './env.validation';
export * from './security.config';
