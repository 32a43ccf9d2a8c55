import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { requestOf } from '../http/request';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 512;

/** Who is calling, as recorded on a new session. The IP is the socket's unless TRUST_PROXY names proxies to believe. */
export const Client = createParamDecorator((_: unknown, context: ExecutionContext): ClientInfo =>
  clientInfoOf(requestOf(context)),
);

// `ip` may be missing: a request whose socket has already gone has no address.
export function clientInfoOf(req: { ip?: string; headers: IncomingHttpHeaders }): ClientInfo {
  const userAgent = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null };
}
