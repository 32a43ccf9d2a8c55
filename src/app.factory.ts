import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import cookieParser from 'cookie-parser';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { closeConnectionsWhenDraining } from './common/http/draining';
import { jsonBody } from './common/http/json-body';
import { appConfig, type AppConfig, securityConfig, type SecurityConfig } from './config';
import { httpHardening } from './security';

/** Builds the application exactly as it is served: `main.ts` and the e2e tests both come here. */
export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    abortOnError: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(appConfig.KEY);
  const security = app.get<SecurityConfig>(securityConfig.KEY);
  app.disable('x-powered-by');
  app.set('trust proxy', security.trustProxy);
  app.use(closeConnectionsWhenDraining);
  app.use(httpHardening());
  app.use(...jsonBody(config.bodyLimit));
  app.use(cookieParser());
  // Browsers may send credentials only from the listed origins; with none listed, no cross-origin access.
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      allowedHeaders: [
        'content-type',
        'authorization',
        'x-auth-transport',
        'apollo-require-preflight',
        'x-apollo-operation-name',
      ],
    });
  }
  return app;
}
