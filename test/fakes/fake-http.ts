import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, url: URL, body: URLSearchParams) => FakeAnswer | Promise<FakeAnswer>;
export type FakeAnswer = { status?: number; json?: unknown; location?: string };

/** A small HTTP server on 127.0.0.1 for a fake provider: one handler per "METHOD /path". */
export async function serveFake(routes: Record<string, Handler>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => void answer(routes, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function answer(routes: Record<string, Handler>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = new URLSearchParams(Buffer.concat(chunks).toString());
  const handler = routes[`${req.method} ${url.pathname}`];
  const result = handler ? await handler(req, url, body) : { status: 404, json: { error: 'not_found' } };
  if (result.location) {
    res.writeHead(result.status ?? 302, { location: result.location }).end();
    return;
  }
  res.writeHead(result.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(result.json ?? {}));
}

/** PKCE S256 (RFC 7636), as a provider checks it. */
export const s256 = async (verifier: string) =>
  (await import('node:crypto')).createHash('sha256').update(verifier).digest('base64url');
