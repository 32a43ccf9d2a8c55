import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { App } from 'supertest/types';
import { createApp } from '../../src/app.factory';

export interface TestApp {
  app: NestFastifyApplication;
  server: App;
  close(): Promise<void>;
}

/**
 * The real application, built as main.ts builds it. `env` overrides process.env while the app is
 * created (configuration is read then), and is restored afterwards.
 */
export async function startApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  setEnv(env);
  try {
    const app = await createApp();
    await app.init();
    // Fastify answers once its plugins have loaded, which listen() would wait for; supertest does not listen.
    await app.getHttpAdapter().getInstance().ready();
    return { app, server: app.getHttpServer() as App, close: () => app.close() };
  } finally {
    setEnv(saved);
  }
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

export const onEmbedded = !process.env.DATABASE_URL;

/** What production demands besides JWT_SECRET; mail goes to a port where nothing listens unless a test sets SMTP_URL. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  BCRYPT_ROUNDS: '10',
  SMTP_URL: 'smtp://127.0.0.1:9',
  MAIL_FROM: 'Doorman <no-reply@example.test>',
  APP_URL: 'https://app.example.test',
};
