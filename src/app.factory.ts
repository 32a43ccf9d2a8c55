import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { closeConnectionsWhenDraining } from './common/http/draining';
import { bodyLimitBytes, readJsonBodies } from './common/http/json-body';
import { appConfig, securityConfig } from './config';
import { echoRequestId, requestIdOf } from './logging/request-id';
import { httpHardening } from './security';

/** Builds the application exactly as it is served: `main.ts` and the e2e tests both come here. */
export async function createApp(): Promise<NestFastifyApplication> {
  // Fastify takes these when it is built, before Nest's container exists: read from the same
  // validated namespaces the container serves.
  const { bodyLimit, corsOrigins } = appConfig();
  const { trustProxy } = securityConfig();
  const adapter = new FastifyAdapter({ bodyLimit: bodyLimitBytes(bodyLimit), trustProxy, genReqId: requestIdOf });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bodyParser: false,
    abortOnError: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  echoRequestId(fastify);
  closeConnectionsWhenDraining(fastify);
  await httpHardening(fastify);
  readJsonBodies(fastify);
  await fastify.register(fastifyCookie);
  // Browsers may send credentials only from the listed origins; with none listed, no cross-origin access.
  if (corsOrigins.length) {
    app.enableCors({
      origin: corsOrigins,
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
