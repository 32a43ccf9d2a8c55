import request from 'supertest';
import { PRODUCTION_ENV, startApp, type TestApp } from './helpers/app';
import { WEB_DIST } from './helpers/browser';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_ROUTES } from '../src/web';

const JWT_SECRET = 'a-production-secret-of-at-least-32-bytes!';
const html = (app: TestApp, path: string) => request(app.server).get(path).set('accept', 'text/html');

describe('the web client and the playground, served by the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The built client is part of the app as served; `npm test` builds it first (pretest).
    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run npm run build:web');
    t = await startApp();
  });
  afterAll(() => t.close());

  it("answers every client route with the client's index.html, under the pages' strict CSP", async () => {
    const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    for (const path of [...CLIENT_ROUTES, '/reset-password?token=abc']) {
      const res = await html(t, path);
      expect(res.status).toBe(200);
      expect(res.text).toBe(index);
      const csp = res.headers['content-security-policy'];
      expect(csp).toMatch(/(^|;)default-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|;)script-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|;)frame-ancestors 'none'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('holds no inline script in its pages', () => {
    for (const page of ['index.html', 'graphiql.html']) {
      const text = readFileSync(join(WEB_DIST, page), 'utf8');
      const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/src="\/assets\//);
        expect(body.trim()).toBe('');
      }
    }
  });

  it('serves the built assets, cacheable for good, and nothing that was not built', async () => {
    const index = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1];
    const res = await request(t.server).get(script);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(t.server).get('/assets/nope.js')).status).toBe(404);
    expect((await request(t.server).get('/login/extra')).status).toBe(404);
    // The playground's page is Apollo's to serve, at /graphql, under its own switch.
    expect((await request(t.server).get('/graphiql.html')).status).toBe(404);
  });

  it('leaves /graphql and /health to the API, with its own strict CSP', async () => {
    const res = await request(t.server)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ __typename }' });
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    const health = await request(t.server).get('/health/live');
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('serves GraphiQL, built from the graphiql package, at GET /graphql in development', async () => {
    const res = await html(t, '/graphql');
    expect(res.status).toBe(200);
    expect(res.text).toBe(readFileSync(join(WEB_DIST, 'graphiql.html'), 'utf8'));
    expect(res.text).not.toMatch(/https?:\/\//);
  });
});

describe('the playground in production', () => {
  it('is off unless GRAPHQL_PLAYGROUND=true', async () => {
    const off = await startApp({ ...PRODUCTION_ENV, JWT_SECRET });
    try {
      const res = await html(off, '/graphql');
      expect(res.status).toBe(400);
      expect(res.text).not.toMatch(/<html/i);
    } finally {
      await off.close();
    }
    const on = await startApp({ ...PRODUCTION_ENV, JWT_SECRET, GRAPHQL_PLAYGROUND: 'true' });
    try {
      const res = await html(on, '/graphql');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/<title>Doorman · GraphiQL<\/title>/);
    } finally {
      await on.close();
    }
  });
});
