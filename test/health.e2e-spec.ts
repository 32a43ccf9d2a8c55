import { MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { startApp, type TestApp } from './helpers/app';
import { gql, LOGIN } from './helpers/graphql';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('live answers without a session', async () => {
    const res = await request(t.server).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('ready reports the database up, then 503 once it stops answering', async () => {
    const up = await request(t.server).get('/health/ready').expect(200);
    expect(up.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    expect(up.body.info.redis).toBeUndefined();

    await t.app.get(MikroORM).close(true);
    const down = await request(t.server).get('/health/ready').expect(503);
    expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
  });
});

const describeWithRedis = process.env.TEST_REDIS_URL ? describe : describe.skip;

describeWithRedis('health with Redis', () => {
  it('ready checks Redis too, and reports it down when it does not answer', async () => {
    const good = await startApp({ REDIS_URL: process.env.TEST_REDIS_URL });
    try {
      const res = await request(good.server).get('/health/ready').expect(200);
      expect(res.body.info.redis).toEqual({ status: 'up' });
    } finally {
      await good.close();
    }
    const bad = await startApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await request(bad.server).get('/health/ready').expect(503);
      expect(res.body.error.redis).toMatchObject({ status: 'down' });
      // Rate limits cannot be counted: credential mutations fail closed, with a bare error, not a hang.
      const login = await gql(bad.server, LOGIN, {
        input: { email: 'someone@example.com', password: 'whatever-it-is' },
      });
      expect(login.errors![0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await bad.close();
    }
  });
});
