/**
 * The raw floor: what `viewer` costs with nothing but node:http, an HS256 check with node:crypto
 * and one indexed query through pg. The same answer, the same checks on the session (not revoked,
 * not past its absolute or idle limit), no framework. Run by bench/run.ts in a process of its own.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Pool } from 'pg';

interface ViewerRow {
  id: string;
  name: string;
  email: string;
  verified: boolean;
  created_at: Date;
}

const key = Buffer.from(process.env.JWT_SECRET ?? '', 'utf8');
const idleSeconds = Number(process.env.SESSION_IDLE_SECONDS ?? 7 * 86_400);
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX ?? 10) });

const QUERY = `select u.id, u.name, u.email, u.email_verified_at is not null as verified, u.created_at
  from sessions s join users u on u.id = s.user_id
  where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > now()
    and s.last_seen_at > now() - make_interval(secs => $3)`;

function claims(authorization: string | undefined): { sub: string; sid: string } | null {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  const [header, payload, signature] = token.split('.');
  if (!signature) return null;
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
    sub?: string;
    sid?: string;
    exp?: number;
  };
  if (
    parsedHeader.alg !== 'HS256' ||
    typeof parsed.exp !== 'number' ||
    parsed.exp * 1000 <= Date.now() ||
    !parsed.sub ||
    !parsed.sid
  )
    return null;
  return { sub: parsed.sub, sid: parsed.sid };
}

const send = (res: import('node:http').ServerResponse, body: unknown) => {
  const json = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
};

createServer((req, res) => {
  if (req.method === 'GET') return void res.writeHead(200).end('ok');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString() || '{}');
    const who = claims(req.headers.authorization);
    if (!who)
      return send(res, { errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] });
    pool.query(QUERY, [who.sid, who.sub, idleSeconds]).then(
      ({ rows: [user] }: { rows: ViewerRow[] }) => {
        if (!user)
          return send(res, { errors: [{ message: 'Session has ended', extensions: { code: 'UNAUTHENTICATED' } }] });
        send(res, {
          data: {
            viewer: {
              id: user.id,
              name: user.name,
              email: user.email,
              emailVerified: user.verified,
              createdAt: user.created_at,
            },
          },
        });
      },
      () => send(res, { errors: [{ message: 'Service unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }),
    );
  });
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');

process.on('SIGTERM', () => void pool.end().then(() => process.exit(0)));
