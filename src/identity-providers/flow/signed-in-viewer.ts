import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ReauthenticationRequiredError, UnauthenticatedError } from '../../common/errors';
import { SessionsService } from '../../sessions';
import { accessTokenOf, AuthCookies, TokensService } from '../../tokens';
import { StepUpService } from '../../two-factor';
import { ProviderFlowError } from '../identity-provider.errors';

/**
 * Who asks to link a provider: the browser's session (its access cookie, checked as the global guard
 * checks it), which must have authenticated within REAUTH_WINDOW, as two-factor's step-up defines it.
 * The start route is public (anyone may sign in), so this is asked only for `?link=1`.
 */
@Injectable()
export class SignedInViewer {
  constructor(
    private readonly cookies: AuthCookies,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly stepUp: StepUpService,
  ) {}

  async recentlyAuthenticated(req: FastifyRequest): Promise<{ userId: string; sessionId: string }> {
    const given = accessTokenOf(req, this.cookies.accessName);
    if (!given) throw new ProviderFlowError('signed_out');
    let claims: { sub: string; sid: string };
    try {
      claims = this.tokens.verifyAccessToken(given.token);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw new ProviderFlowError('signed_out');
      throw error;
    }
    const session = await this.sessions.findLive(claims.sid, claims.sub);
    if (!session) throw new ProviderFlowError('signed_out');
    try {
      await this.stepUp.assertRecent(session.sessionId);
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) throw new ProviderFlowError('reauthentication_required');
      throw error;
    }
    return { userId: claims.sub, sessionId: session.sessionId };
  }
}
