import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Where `npm run build:web` puts the web client: web/dist at the root, from src/web and dist/web alike. */
export const WEB_DIST_DIR = join(__dirname, '..', '..', 'web', 'dist');

/** The playground's page: served by Apollo at GET /graphql (graphiql.plugin.ts), never as a file. */
export const PLAYGROUND_FILE = 'graphiql.html';

/** The web client's own routes (web/src/app.tsx): each answers with index.html, and the client draws the page. */
export const CLIENT_ROUTES = [
  '/',
  '/login',
  '/signup',
  '/logout',
  '/sessions',
  '/security',
  '/account',
  '/forgot-password',
  '/reset-password',
  '/verify-email',
] as const;

export interface WebClient {
  dir: string;
  /** False when web/dist has not been built: the API still serves, without pages. */
  built: boolean;
  /** Every path that answers with a page or one of its files (for the pages' security headers). */
  paths: ReadonlySet<string>;
}

const logger = new Logger('WebClient');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** Reads the built client's file list once, at boot. */
export function readWebClient(dir = WEB_DIST_DIR): WebClient {
  if (!existsSync(join(dir, 'index.html'))) return { dir, built: false, paths: new Set() };
  const files = filesUnder(dir).filter((file) => file !== PLAYGROUND_FILE);
  return { dir, built: true, paths: new Set([...CLIENT_ROUTES, ...files.map((file) => `/${file}`)]) };
}

/**
 * Serves the built web client from the API's own origin, so the browser uses the HttpOnly cookie
 * transport. Only the files that exist at boot get a route (no wildcard that could shadow /graphql or
 * /health), plus the client's routes, which answer with index.html. These are Fastify routes, outside
 * Nest's routing, so RateLimitRegistry does not see them: static files cost no database, hash or
 * mail, and are unlimited on purpose.
 */
export async function serveWebClient(fastify: FastifyInstance, client: WebClient): Promise<void> {
  if (!client.built) {
    logger.warn(`the web client is not built (no ${join(client.dir, 'index.html')}): run npm run build:web`);
    return;
  }
  await fastify.register(fastifyStatic, {
    root: client.dir,
    wildcard: false,
    index: false,
    globIgnore: [PLAYGROUND_FILE],
    setHeaders: (reply, path) => {
      // Vite names each asset by its content hash: it never changes under its name.
      const immutable = path.includes(`${sep}assets${sep}`);
      void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  for (const route of CLIENT_ROUTES) {
    fastify.get(route, (_req, reply) => reply.sendFile('index.html'));
  }
}
