import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The web client's pages and files, and the playground: this origin only, no inline script, no
 * plugins, not framed by anyone. Referrer-Policy no-referrer (helmet's default, written out because the
 * token pages rely on it): a reset or verification link's token never leaves in a Referer.
 */
const webPage: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * GraphiQL at GET /graphql: the same, except that its editor (Monaco) writes <style> elements of its
 * own and its stylesheet inlines its fonts. Scripts stay this origin's files only.
 */
const playground: HelmetOptions = {
  ...webPage,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      ...(webPage.contentSecurityPolicy as { directives: Record<string, string[]> }).directives,
      styleSrc: ["'self'", "'unsafe-inline'"],
      fontSrc: ["'self'", 'data:'],
    },
  },
};

/** Everything else is the API: nothing in it may load or frame anything. */
const api: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-site' },
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

const pathOf = (url: string) => {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
};

/**
 * helmet's headers, in three sets computed once at boot. The web client's pages and files (`pagePaths`,
 * GET or HEAD) get the pages' policy; GraphiQL (a GET of /graphql asking for HTML) gets the
 * playground's; every other answer is the API's, with its short, strict policy, which keeps about a
 * kilobyte of headers off every API response.
 */
export function httpHardening(fastify: FastifyInstance, pagePaths: ReadonlySet<string> = new Set()): void {
  const pageHeaders = helmetHeaders(webPage);
  const playgroundHeaders = helmetHeaders(playground);
  const apiHeaders = helmetHeaders(api);
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.headers(headersFor(req));
    done();
  });

  function headersFor(req: FastifyRequest): Readonly<Record<string, string>> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return apiHeaders;
    const path = pathOf(req.url);
    if (pagePaths.has(path)) return pageHeaders;
    if (path === '/graphql' && (req.headers.accept ?? '').includes('text/html')) return playgroundHeaders;
    return apiHeaders;
  }
}
