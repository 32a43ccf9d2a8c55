import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

const APOLLO_CDN = 'https://apollo-server-landing-page.cdn.apollographql.com';

/** Apollo's landing page at /graphql: a page that loads its sandbox from Apollo's CDN. */
const landingPage: HelmetOptions = {
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
const api: HelmetOptions = {
  ...landingPage,
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
};

/**
 * The headers helmet sets for these options. helmet's middleware writes the same headers for every
 * request (nothing in them depends on the request), so it runs once here, at boot, against a
 * recording response, instead of once per request.
 */
export function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  // helmet reports an invalid option (a bad CSP directive, say) this way: fail at boot.
  if (failure) throw failure instanceof Error ? failure : new Error('helmet refused its options');
  return Object.freeze(headers);
}

const asksForPage = (req: FastifyRequest) => req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');

/**
 * helmet's headers. The landing page's long Content-Security-Policy goes only to the request that
 * asks for a page (GET, Accept: text/html); every API answer gets a short, strict one instead,
 * which keeps about a kilobyte of headers off every response. Both sets are computed once.
 */
export function httpHardening(fastify: FastifyInstance): void {
  const pageHeaders = helmetHeaders(landingPage);
  const apiHeaders = helmetHeaders(api);
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.headers(asksForPage(req) ? pageHeaders : apiHeaders);
    done();
  });
}
