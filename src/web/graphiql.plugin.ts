import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAYGROUND_FILE, WEB_DIST_DIR } from './web-client';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Doorman · GraphiQL</title></head>
<body><p>The GraphQL playground is not built. Run <code>npm run build:web</code> and restart the server.</p></body></html>`;

/**
 * GraphiQL at GET /graphql (Accept: text/html), as Apollo serves a landing page: the page Vite built
 * from the `graphiql` package (web/graphiql.html), so the editor and everything it loads come from
 * this server, with no CDN. Off: no page at all (Apollo's default landing page loads from a CDN).
 */
export function playgroundPlugin(enabled: boolean, dir = WEB_DIST_DIR): ApolloServerPlugin {
  if (!enabled) return ApolloServerPluginLandingPageDisabled();
  const file = join(dir, PLAYGROUND_FILE);
  const html = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (html === null) new Logger('Playground').warn(`the playground is not built (no ${file}): run npm run build:web`);
  return {
    serverWillStart() {
      return Promise.resolve({ renderLandingPage: () => Promise.resolve({ html: html ?? NOT_BUILT }) });
    },
  };
}
