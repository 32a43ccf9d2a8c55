import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from '../../common/crypto/sha256';

/** How long a person has at the provider before the flow ends. */
export const FLOW_TTL_SECONDS = 600;

export interface NewFlow {
  provider: string;
  returnTo: string | null;
  link: { userId: string; sessionId: string } | null;
}

export interface StartedFlow {
  state: string;
  nonce: string;
  codeChallenge: string;
}

export interface PendingFlow {
  provider: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
  link: { userId: string; sessionId: string } | null;
}

interface FlowRow {
  provider: string;
  nonce: string;
  code_verifier: string;
  return_to: string | null;
  link_user_id: string | null;
  link_session_id: string | null;
  live: boolean;
}

const random = () => randomBytes(32).toString('base64url');

/**
 * The flow's secrets, kept server-side: `state` (stored as SHA-256, so a database reader cannot
 * finish anyone's flow), the OpenID Connect `nonce`, and the PKCE verifier (RFC 7636, S256), whose
 * challenge alone goes to the provider. A flow is taken once: a replayed callback finds nothing.
 */
@Injectable()
export class ProviderFlowsService {
  constructor(private readonly em: EntityManager) {}

  async start(flow: NewFlow): Promise<StartedFlow> {
    const state = random();
    const nonce = random();
    const codeVerifier = random();
    const em = this.em.fork();
    // Abandoned flows go as new ones come, so they never pile up.
    await em.execute('delete from identity_provider_flows where expires_at <= now()', [], 'run');
    await em.execute(
      `insert into identity_provider_flows
         (id, state_hash, provider, nonce, code_verifier, return_to, link_user_id, link_session_id, expires_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?), now())`,
      [
        randomUUID(),
        sha256Hex(state),
        flow.provider,
        nonce,
        codeVerifier,
        flow.returnTo,
        flow.link?.userId ?? null,
        flow.link?.sessionId ?? null,
        FLOW_TTL_SECONDS,
      ],
      'run',
    );
    return { state, nonce, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
  }

  /** The flow `state` started for `provider`, spent by this call; null if unknown, spent, expired or another provider's. */
  async take(provider: string, state: string): Promise<PendingFlow | null> {
    const rows = await this.em.fork().execute<FlowRow[]>(
      `delete from identity_provider_flows where state_hash = ?
         returning provider, nonce, code_verifier, return_to, link_user_id, link_session_id, expires_at > now() as live`,
      [sha256Hex(state)],
    );
    const [row] = rows;
    if (!row?.live || row.provider !== provider) return null;
    return {
      provider: row.provider,
      nonce: row.nonce,
      codeVerifier: row.code_verifier,
      returnTo: row.return_to,
      link:
        row.link_user_id && row.link_session_id ? { userId: row.link_user_id, sessionId: row.link_session_id } : null,
    };
  }
}
