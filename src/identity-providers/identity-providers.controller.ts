import { Controller, Get, Inject, Logger, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientInfoOf, Public } from '../common/decorators';
import { identityProvidersConfig, type IdentityProvidersConfig } from '../config';
import { Limit, RateLimit } from '../security';
import { AuthCookies } from '../tokens';
import { FlowCookie } from './flow/flow-cookie';
import { FlowRedirectFilter } from './flow/flow-redirect.filter';
import { type ClientPage, failureUrl, reasonOf, redirect } from './flow/flow-redirects';
import { ProviderFlowsService } from './flow/provider-flows.service';
import { safeReturnTo } from './flow/return-to';
import { SignedInViewer } from './flow/signed-in-viewer';
import { IdentitiesService } from './identities.service';
import { ProviderFlowError } from './identity-provider.errors';
import { IdentitySignIn } from './identity-sign-in.service';
import { IdentityProvidersRegistry } from './providers/identity-providers.registry';

type Query = Record<string, unknown>;
const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The browser flow: GET /auth/:provider sends the browser to the provider with state, nonce and PKCE;
 * GET /auth/:provider/callback checks them, asks the provider who it is, and ends in a session (the
 * cookie transport's cookies), a link, or the Log in page with a reason code.
 */
@Public()
@Controller('auth')
@UseFilters(FlowRedirectFilter)
export class IdentityProvidersController {
  private readonly logger = new Logger('IdentityProviders');

  constructor(
    @Inject(identityProvidersConfig.KEY) private readonly config: IdentityProvidersConfig,
    private readonly registry: IdentityProvidersRegistry,
    private readonly flows: ProviderFlowsService,
    private readonly flowCookie: FlowCookie,
    private readonly viewer: SignedInViewer,
    private readonly signIn: IdentitySignIn,
    private readonly identities: IdentitiesService,
    private readonly authCookies: AuthCookies,
  ) {}

  @Get(':provider')
  @RateLimit(Limit.PROVIDER_PER_IP)
  async start(@Param('provider') id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    // Read from the request, not @Query(): the global validation pipe would refuse the provider's parameters.
    const query = req.query as Query;
    const linking = query.link === '1';
    try {
      const provider = this.registry.find(id);
      if (!provider) throw new ProviderFlowError('provider_unavailable', `no provider "${id.slice(0, 40)}"`);
      const link = linking ? await this.viewer.recentlyAuthenticated(req) : null;
      const returnTo = safeReturnTo(query.returnTo, this.config.appUrl);
      const flow = await this.flows.start({ provider: provider.id, returnTo, link });
      const url = await provider.authorizationUrl({ ...flow, redirectUri: this.registry.callbackUrl(provider.id) });
      this.flowCookie.set(res, flow.state);
      redirect(res, url);
    } catch (error) {
      this.fail(res, error, linking ? '/account' : '/login');
    }
  }

  @Get(':provider/callback')
  @RateLimit(Limit.PROVIDER_PER_IP)
  async callback(@Param('provider') id: string, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const query = req.query as Query;
    const expected = this.flowCookie.read(req);
    this.flowCookie.clear(res);
    const state = stringOf(query.state);
    let page: ClientPage = '/login';
    try {
      // The flow is taken (spent) whatever happens next: a callback is never worth a second try.
      const flow = state && state === expected ? await this.flows.take(id, state) : null;
      if (flow?.link) page = '/account';
      const provider = this.registry.find(id);
      if (!provider) throw new ProviderFlowError('provider_unavailable', `no provider "${id.slice(0, 40)}"`);
      if (!flow)
        throw new ProviderFlowError(
          'state_invalid',
          state ? "unknown, spent, expired or not this browser's" : 'no state',
        );
      const error = stringOf(query.error);
      if (error) {
        const reason = error === 'access_denied' ? 'provider_denied' : 'provider_error';
        throw new ProviderFlowError(reason, `the provider answered error=${error.slice(0, 40)}`);
      }
      const code = stringOf(query.code);
      if (!code) throw new ProviderFlowError('provider_error', 'no code');
      const profile = await provider.profile({
        code,
        codeVerifier: flow.codeVerifier,
        nonce: flow.nonce,
        redirectUri: this.registry.callbackUrl(provider.id),
      });
      const client = clientInfoOf(req);
      if (flow.link) {
        await this.identities.link(flow.link, provider, profile, client);
        return redirect(res, `${this.config.appUrl}/account?linked=${provider.id}`);
      }
      const result = await this.signIn.signIn(provider, profile, client);
      if (result.kind === 'second-factor') {
        // In the fragment: never sent to a server, so no log or proxy sees the challenge.
        const { challenge, expiresAt } = result.challenge;
        const fragment = new URLSearchParams({ challenge, expires: expiresAt.toISOString() });
        return redirect(res, `${this.config.appUrl}/login#${fragment.toString()}`);
      }
      this.authCookies.deliver(res, result.payload);
      redirect(res, flow.returnTo ? `${new URL(this.config.appUrl).origin}${flow.returnTo}` : `${this.config.appUrl}/`);
    } catch (error) {
      this.fail(res, error, page);
    }
  }

  private fail(res: FastifyReply, error: unknown, page: ClientPage): void {
    redirect(res, failureUrl(this.config.appUrl, page, reasonOf(error, this.logger)));
  }
}
