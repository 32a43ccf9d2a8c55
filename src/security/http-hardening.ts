import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const APOLLO_CDN = 'https://apollo-server-landing-page.cdn.apollographql.com';

/** Apollo's landing page at /graphql: a page that loads its sandbox from Apollo's CDN. */
const landingPage: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: [
        "'self'",
        "'unsafe-inline'",
        APOLLO_CDN,
        'https://embeddable-sandbox.cdn.apollographql.com',
        'https://embeddable-explorer.cdn.apollographql.com',
      ],
      styleSrc: ["'self'", "'unsafe-inline'", APOLLO_CDN, 'https://fonts.googleapis.com'],
      imgSrc: ["'self'", 'data:', APOLLO_CDN],
      fontSrc: ["'self'", 'data:', APOLLO_CDN, 'https://fonts.gstatic.com'],
      frameSrc: ["'self'", 'https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'],
      connectSrc: ["'self'", 'https://*.apollographql.com'],
      manifestSrc: ["'self'", APOLLO_CDN],
      // Would stop the sandbox on a development server reached over plain http; HSTS covers production.
      upgradeInsecureRequests: null,
    },
  },
  // The embedded sandbox is a cross-origin frame; these two would block it.
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-site' },
};

/** Everything else is JSON: nothing in it may load or frame anything. */
const api: FastifyHelmetOptions = {
  ...landingPage,
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
};

const asksForPage = (req: FastifyRequest) => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');

/**
 * helmet's headers. The landing page's long Content-Security-Policy goes only to the request that
 * asks for a page (GET, Accept: text/html); every API answer gets a short, strict one instead,
 * which keeps about a kilobyte of headers off every response.
 */
export async function httpHardening(fastify: FastifyInstance): Promise<void> {
  // Not global: the plugin only gives each reply its helmet(); the hook below picks the policy.
  await fastify.register(helmet, { global: false });
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.helmet(asksForPage(req) ? landingPage : api);
    done();
  });
}
