import type { ExecutionContext, Type } from '@nestjs/common';

/** The parts of an Express request the throttlers' trackers read. */
export type Req = { ip?: string; headers?: Record<string, string>; cookies?: Record<string, string> };

class AuthResolver {
  resolve(): void {}
}

type ContextParts = Pick<ExecutionContext, 'getType' | 'getArgs' | 'getClass' | 'getHandler'>;

const contextOf = (type: string, args: unknown[]): ExecutionContext => {
  const context: ContextParts = {
    getType: <T extends string>() => type as T,
    getArgs: <T extends unknown[]>() => args as T,
    getClass: <T>() => AuthResolver as Type<T>,
    getHandler: () => AuthResolver.prototype.resolve,
  };
  return context as ExecutionContext;
};

/**
 * What GqlExecutionContext.create reads: the type, the class and handler, and the resolver's
 * (root, args, context, info) as getArgs(); with exactly four, it takes them as they are.
 */
export const gqlContext = (fieldName: string, args: Record<string, unknown> = {}, req: Req = {}): ExecutionContext =>
  contextOf('graphql', [undefined, args, { req }, { fieldName }]);

/** A plain HTTP request (health checks and the like): Express's (req, res, next). */
export const httpContext = (): ExecutionContext => contextOf('http', [{ ip: '203.0.113.7' }, {}, () => undefined]);

/** A viewerOf for throttlers that must not need one: only the mail-email tracker may ask who is signed in. */
export const noViewer = (): null => {
  throw new Error('viewerOf called outside the mail-email tracker');
};
