import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { requestOf } from '../http/request';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 512;

/** Who is calling, as recorded on a new session. The IP is the socket's unless Express trusts a proxy. */
export const Client = createParamDecorator((_: unknown, context: ExecutionContext): ClientInfo =>
  clientInfoOf(requestOf(context)),
);

export function clientInfoOf(req: Pick<Request, 'ip' | 'headers'>): ClientInfo {
  const userAgent = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null };
}
