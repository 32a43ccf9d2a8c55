import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { identityProvidersConfig, type IdentityProvidersConfig } from '../../config';
import { FLOW_TTL_SECONDS } from './provider-flows.service';

/**
 * The flow's `state`, also in an HttpOnly cookie of the browser that started it: a callback is taken
 * only from that browser, so nobody can finish their own flow in someone else's browser and sign them
 * in to the wrong account (login CSRF). SameSite=Lax: it travels on the provider's top-level redirect back.
 */
@Injectable()
export class FlowCookie {
  readonly name: string;

  constructor(@Inject(identityProvidersConfig.KEY) private readonly config: IdentityProvidersConfig) {
    this.name = config.cookieSecure ? '__Host-doorman_idp' : 'doorman_idp';
  }

  set(res: FastifyReply, state: string): void {
    void res.setCookie(this.name, state, { ...this.options(), maxAge: FLOW_TTL_SECONDS });
  }

  read(req: FastifyRequest): string | null {
    return req.cookies[this.name] || null;
  }

  clear(res: FastifyReply): void {
    void res.clearCookie(this.name, this.options());
  }

  private options() {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.config.cookieSecure, path: '/' };
  }
}
