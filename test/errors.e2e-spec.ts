import { MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { signUp } from './factories/user.factory';
import { PRODUCTION_ENV, startApp, type TestApp } from './helpers/app';
import { errorCode, gql, SIGNUP, VIEWER } from './helpers/graphql';

const INTROSPECTION = '{ __schema { queryType { name } } }';
const LEAKS = [
  /select /i,
  /insert /i,
  /sessions/,
  /users_email/,
  /\/work\//,
  /node_modules/,
  /\.ts:\d+/,
  /\n\s+at /,
  /stacktrace/i,
  /127\.0\.0\.1:\d+/,
];

describe('errors a client sees', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers a badly typed variable with BAD_USER_INPUT', async () => {
    const res = await gql(t.server, SIGNUP, { input: { name: 'x', email: 5, password: true } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/input\.email/);
  });

  it('answers a missing argument and an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    expect(errorCode(await gql(t.server, 'mutation { signup { accessToken } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errorCode(await gql(t.server, '{ viewer { passwordHash } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED and the place it failed', async () => {
    const res = await gql(t.server, 'mutation { signup(');
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.errors![0].message).toMatch(/^Syntax Error: Expected Name, found <EOF>/);
  });

  it('answers malformed JSON with a 400 in GraphQL error shape', async () => {
    const res = await request(t.server).post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('keeps CSRF prevention on: a text/plain post and a GET mutation are refused', async () => {
    const form = await request(t.server)
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query: VIEWER }));
    expect(form.status).toBe(400);
    const get = await request(t.server)
      .get('/graphql')
      .query({ query: 'mutation { logout }' })
      .set('apollo-require-preflight', 'true');
    expect(get.status).toBe(405);
  });

  it('answers an unknown route with NOT_FOUND, not an HTML page', async () => {
    const res = await request(t.server).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('serves the landing page at /graphql in development', async () => {
    const res = await request(t.server).get('/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<html/i);
  });
});

describe('a real database failure', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('becomes a generic SERVICE_UNAVAILABLE with no SQL, host or stack', async () => {
    t = await startApp();
    const { accessToken } = await signUp(t.server);
    await t.app.get(MikroORM).close(true);

    const res = await gql(t.server, VIEWER, {}, { token: accessToken });
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Service temporarily unavailable; try again shortly',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      }),
    ]);
    for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
  });
});

describe('a real database failure in production mode', () => {
  it('is masked the same way', async () => {
    const t = await startApp(PRODUCTION_ENV);
    try {
      const { accessToken } = await signUp(t.server);
      await t.app.get(MikroORM).close(true);
      const res = await gql(t.server, VIEWER, {}, { token: accessToken });
      expect(res.errors).toEqual([expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
      for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
    } finally {
      await t.close();
    }
  });
});

describe('production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(PRODUCTION_ENV);
  });
  afterAll(() => t.close());

  it('turns introspection off', async () => {
    const res = await gql(t.server, INTROSPECTION);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still refuses without a session, with no stack trace in the error', async () => {
    const res = await gql(t.server, VIEWER);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
  });
});

describe('development mode', () => {
  it('allows introspection for the landing page', async () => {
    const t = await startApp();
    try {
      const res = await gql<{ __schema: { queryType: { name: string } } }>(t.server, INTROSPECTION);
      expect(res.data!.__schema.queryType.name).toBe('Query');
    } finally {
      await t.close();
    }
  });
});
