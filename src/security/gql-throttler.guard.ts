import { type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import { sha256Hex } from '../common/crypto/sha256';
import { describeForLog, isDatabaseUnavailable, ServiceUnavailableError, TooManyRequestsError } from '../common/errors';
import { limitsOf } from './throttlers';

/**
 * @nestjs/throttler for GraphQL: each root field is a request of its own, so every alias counts.
 * Over a limit: TOO_MANY_REQUESTS with `extensions.retryAfter`, before the resolver (or bcrypt) runs.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  protected getRequestResponse(context: ExecutionContext) {
    if (context.getType<string>() !== 'graphql') return super.getRequestResponse(context);
    const { req, res } = GqlExecutionContext.create(context).getContext<{
      req: Record<string, unknown>;
      res: Record<string, unknown>;
    }>();
    return { req, res };
  }

  /** An operation that declares no limit (viewer, sessions, …) skips every per-limit check. */
  protected shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(limitsOf(context).length === 0);
  }

  /**
   * One count per limit and tracker, shared by every mutation the limit names (login and
   * changePassword draw on one per-IP budget). The default key adds the handler's name, which
   * would give each mutation a budget of its own.
   */
  protected generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return sha256Hex(`${throttlerName}-${tracker}`);
  }

  /** A limit that cannot be counted (Redis or the database unreachable) fails closed, and says so. */
  protected async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (!isRedisUnavailable(error) && !isDatabaseUnavailable(error)) throw error;
      this.logger.error(`rate limit could not be counted: ${describeForLog(error).split('\n')[0]}`);
      throw new ServiceUnavailableError();
    }
  }

  protected throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new TooManyRequestsError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}

/** ioredis's ways of saying the server is not there. */
function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /^(Connection is closed|Command timed out|Stream isn't writeable|connect ECONNREFUSED)/.test(error.message)
  );
}
