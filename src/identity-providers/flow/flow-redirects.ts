import type { Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TooManyRequestsError } from '../../common/errors';
import { ProviderFlowError, type RefusalReason } from '../identity-provider.errors';

/** Where a flow's end sends the browser: a page of the web client, never anywhere else. */
export type ClientPage = '/login' | '/account';

/** A redirect that no cache or proxy keeps, and that carries no Referer on. */
export function redirect(res: FastifyReply, url: string): void {
  void res.status(302).header('location', url).header('cache-control', 'no-store').send();
}

/** The reason code a failure shows the person; the detail (a provider's words, a stack) goes only to the log. */
export function reasonOf(error: unknown, logger: Logger): RefusalReason {
  if (error instanceof ProviderFlowError) {
    logger.warn(`identity provider flow refused: ${error.message}`);
    return error.reason;
  }
  if (error instanceof TooManyRequestsError) return 'too_many_requests';
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 'server_error';
}

export function failureUrl(appUrl: string, page: ClientPage, reason: RefusalReason): string {
  return `${appUrl}${page}?error=${reason}`;
}
