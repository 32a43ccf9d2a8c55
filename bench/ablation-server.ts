/**
 * The server as `main.ts` builds it, with at most one per-request extra switched off (ABLATE=…):
 * what `npm run bench` uses for its ablation table, to attribute what each extra costs. Never a
 * way to run Doorman: the switches exist only here. Run by bench/run.ts in a process of its own.
 */
import 'reflect-metadata';
import { type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GRAPHQL_MODULE_OPTIONS } from '@nestjs/graphql';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { configureApp, fastifyAdapter, NEST_APP_OPTIONS } from '../src/app.factory';
import { AppModule } from '../src/app.module';
import { requestOf } from '../src/common/http/request';
import { appConfig, type AppConfig, loadEnv, securityConfig, type SecurityConfig } from '../src/config';
import { LazyRequestContextMiddleware } from '../src/database/lazy-request-context.middleware';
import { graphqlOptions } from '../src/graphql.options';
import { loggerParams } from '../src/logging';
import { GqlThrottlerGuard, RateLimitRegistry } from '../src/security';
import { type AuthenticatedRequest, type RequestAuth, SessionAuthGuard, SessionsService } from '../src/sessions';
import { AuthCookies, TokensService } from '../src/tokens';

export const EXTRAS = {
  headers: 'security headers (helmet)',
  logging: 'request logging (pino-http)',
  limits: 'GraphQL document limits (armor, rules)',
  outcome: 'GraphQL outcome plugin',
  guard: 'session guard (token, session lookup)',
  throttler: 'rate-limit guard',
  'orm-context': 'ORM request context',
} as const;
export type Extra = keyof typeof EXTRAS;

/**
 * The session guard switched off: the first request goes through the real guard, and every later
 * one is handed the same signed-in viewer without a token check or a session lookup.
 */
function fixedViewerGuard(real: SessionAuthGuard): CanActivate {
  let fixed: RequestAuth | undefined;
  return {
    async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = requestOf<AuthenticatedRequest>(context);
      if (fixed) {
        req.auth = fixed;
        return true;
      }
      const allowed = await real.canActivate(context);
      fixed = req.auth;
      return allowed;
    },
  };
}

async function main(): Promise<void> {
  const off = (process.env.ABLATE ?? '') as Extra | '';
  if (off && !(off in EXTRAS)) throw new Error(`ABLATE=${off}: expected one of ${Object.keys(EXTRAS).join(', ')}`);
  loadEnv();
  let builder = Test.createTestingModule({ imports: [AppModule] });
  if (off === 'logging') {
    // No pino-http middleware at all: no request logger, no line per request.
    builder = builder
      .overrideProvider(PARAMS_PROVIDER_TOKEN)
      .useFactory({ factory: (app: AppConfig) => ({ ...loggerParams(app), forRoutes: [] }), inject: [appConfig.KEY] });
  }
  if (off === 'limits' || off === 'outcome') {
    builder = builder.overrideProvider(GRAPHQL_MODULE_OPTIONS).useFactory({
      factory: (app: AppConfig, security: SecurityConfig, registry: RateLimitRegistry) =>
        graphqlOptions(app, security, registry, { limits: off !== 'limits', outcome: off !== 'outcome' }),
      inject: [appConfig.KEY, securityConfig.KEY, RateLimitRegistry],
    });
  }
  if (off === 'throttler') builder = builder.overrideProvider(GqlThrottlerGuard).useValue({ canActivate: () => true });
  if (off === 'guard') {
    builder = builder.overrideProvider(SessionAuthGuard).useFactory({
      factory: (reflector: Reflector, tokens: TokensService, sessions: SessionsService, cookies: AuthCookies) =>
        fixedViewerGuard(new SessionAuthGuard(reflector, tokens, sessions, cookies)),
      inject: [Reflector, TokensService, SessionsService, AuthCookies],
    });
  }
  if (off === 'orm-context') {
    // Every request then shares the global EntityManager (MIKRO_ORM_ALLOW_GLOBAL_CONTEXT, set by run.ts).
    LazyRequestContextMiddleware.prototype.use = (_req: unknown, _res: unknown, next: () => void) => next();
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter(), NEST_APP_OPTIONS);
  await configureApp(app, { securityHeaders: off !== 'headers' });
  await app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
