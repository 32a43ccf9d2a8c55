export * from './auth-method';
export * from './guard/request-auth';
export * from './guard/session-auth.guard';
export * from './refresh/refresh-token.entity';
export * from './session.entity';
export * from './session-issuer';
export * from './sessions.module';
export * from './sessions.service';
