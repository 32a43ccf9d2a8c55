import { type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import { ServiceUnavailableError, TooManyRequestsError } from '../common/errors';

/**
 * @nestjs/throttler for GraphQL: each root field is a request of its own, so every alias counts.
 * Over a limit: TOO_MANY_REQUESTS with `extensions.retryAfter`, before the resolver (or bcrypt) runs.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  protected getRequestResponse(context: ExecutionContext) {
    if (context.getType<string>() !== 'graphql') return super.getRequestResponse(context);
    const { req, res } = GqlExecutionContext.create(context).getContext<{ req: Record<string, unknown>; res: Record<string, unknown> }>();
    return { req, res };
  }

  /** A limit that cannot be counted (Redis down) fails closed, and says so. */
  protected async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof TooManyRequestsError) throw error;
      this.logger.error(`rate limit storage failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new ServiceUnavailableError();
    }
  }

  protected throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new TooManyRequestsError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
