import type { ExecutionContext, Type } from '@nestjs/common';
import { RESOLVER_NAME_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { AccountRecoveryResolver } from '../../src/account-recovery/account-recovery.resolver';
import { AccountResolver } from '../../src/account/account.resolver';
import { SecurityEventsResolver } from '../../src/account/security-events.resolver';
import { ViewerResolver } from '../../src/account/viewer.resolver';
import { AuthResolver } from '../../src/auth/auth.resolver';
import { HealthController } from '../../src/health/health.controller';
import { PasskeySignInResolver } from '../../src/passkeys/passkey-sign-in.resolver';
import { PasskeysResolver } from '../../src/passkeys/passkeys.resolver';
import { SessionsResolver } from '../../src/sessions/sessions.resolver';
import { TwoFactorSignInResolver } from '../../src/two-factor/two-factor-sign-in.resolver';
import { TwoFactorResolver } from '../../src/two-factor/two-factor.resolver';

/** The parts of a request the throttlers' trackers read. */
export type Req = { ip?: string; headers?: Record<string, string>; cookies?: Record<string, string> };

/** A resolver or controller method, as ExecutionContext.getHandler() hands it over. */
export type Handler = ReturnType<ExecutionContext['getHandler']>;

/** The application's resolvers: the throttlers must read what their methods declare. */
export const RESOLVERS: readonly Type<object>[] = [
  AuthResolver,
  AccountResolver,
  AccountRecoveryResolver,
  ViewerResolver,
  SessionsResolver,
  SecurityEventsResolver,
  TwoFactorResolver,
  TwoFactorSignInResolver,
  PasskeysResolver,
  PasskeySignInResolver,
];

const ROOT_TYPES = new Set(['Query', 'Mutation']);

/** Every Query and Mutation field of RESOLVERS, by its GraphQL name, with the class and method that serve it. */
export const ROOT_FIELDS: ReadonlyMap<string, { owner: Type<object>; handler: Handler }> = new Map(
  RESOLVERS.flatMap((owner) =>
    Object.getOwnPropertyNames(owner.prototype).flatMap((name) => {
      const handler: unknown = (owner.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') return [];
      if (!ROOT_TYPES.has(Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as string)) return [];
      const field = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? name;
      return [[field, { owner, handler }] as const];
    }),
  ),
);

type ContextParts = Pick<ExecutionContext, 'getType' | 'getArgs' | 'getClass' | 'getHandler'>;

const contextOf = (type: string, args: unknown[], owner: Type<object>, handler: Handler): ExecutionContext => {
  const context: ContextParts = {
    getType: <T extends string>() => type as T,
    getArgs: <T extends unknown[]>() => args as T,
    getClass: <T>() => owner as Type<T>,
    getHandler: () => handler,
  };
  return context as ExecutionContext;
};

/**
 * A GraphQL request for one root field, served by the real resolver method (and so with its real
 * @RateLimit metadata). What GqlExecutionContext.create reads: the type, the class and handler, and
 * the resolver's (root, args, context, info) as getArgs(); with exactly four, it takes them as they are.
 */
export const gqlContext = (field: string, args: Record<string, unknown> = {}, req: Req = {}): ExecutionContext => {
  const served = ROOT_FIELDS.get(field);
  if (!served) throw new Error(`no resolver serves the root field ${field}`);
  return contextOf('graphql', [undefined, args, { req }, { fieldName: field }], served.owner, served.handler);
};

/**
 * A plain HTTP request: the controller's (req, res, next), by default to the real health probe (which
 * declares no limit); a spec can give another controller method.
 */
export const httpContext = (
  owner: Type<object> = HealthController,
  handler: Handler = HealthController.prototype.live,
): ExecutionContext => contextOf('http', [{ ip: '203.0.113.7' }, {}, () => undefined], owner, handler);

/** A viewerOf for throttlers that must not need one: only the mail-email tracker may ask who is signed in. */
export const noViewer = (): null => {
  throw new Error('viewerOf called outside the mail-email tracker');
};
