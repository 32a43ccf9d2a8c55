import { registerAs } from '@nestjs/config';
import { loadEnv } from './env';

export const appConfig = registerAs('app', () => {
  const env = loadEnv();
  const production = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    production,
    port: env.PORT,
    host: env.HOST,
    bodyLimit: env.BODY_LIMIT,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    introspection: env.GRAPHQL_INTROSPECTION ?? !production,
    playground: env.GRAPHQL_PLAYGROUND ?? !production,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    corsOrigins: env.CORS_ORIGINS,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
