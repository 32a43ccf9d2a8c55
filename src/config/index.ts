export * from './app.config';
export * from './auth.config';
export * from './database.config';
export * from './mail.config';
export * from './env';
export * from './security.config';
export * from './identity-providers.config';
export * from './webauthn.config';
