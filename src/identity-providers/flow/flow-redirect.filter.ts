import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { identityProvidersConfig, type IdentityProvidersConfig } from '../../config';
import { failureUrl, reasonOf, redirect } from './flow-redirects';

/**
 * What the routes' guards throw (a rate limit above all) ends like any other failure of the flow: on
 * the Log in page with a reason code, not a JSON error in the middle of a browser's navigation.
 */
@Catch()
export class FlowRedirectFilter implements ExceptionFilter {
  private readonly logger = new Logger('IdentityProviders');

  constructor(@Inject(identityProvidersConfig.KEY) private readonly config: IdentityProvidersConfig) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    redirect(res, failureUrl(this.config.appUrl, '/login', reasonOf(error, this.logger)));
  }
}
