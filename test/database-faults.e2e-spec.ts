import request from 'supertest';
import { signUp } from './factories/user.factory';
import { onEmbedded, startApp, type TestApp } from './helpers/app';
import { errorCode, gql, LOGIN, VIEWER } from './helpers/graphql';
import { TcpSwitch } from './helpers/tcp-switch';

describe('when the database goes away', () => {
  const variable = onEmbedded ? 'DOORMAN_EMBEDDED_URL' : 'DATABASE_URL';
  const real = new URL(process.env[variable]!);
  const dbSwitch = new TcpSwitch({ host: real.hostname, port: Number(real.port || 5432) });
  let t: TestApp;

  beforeAll(async () => {
    const proxied = new URL(real);
    proxied.port = String(await dbSwitch.start());
    t = await startApp({ [variable]: proxied.toString(), DB_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    dbSwitch.restore();
    await t.close();
    await dbSwitch.stop();
  });

  it('fails closed with SERVICE_UNAVAILABLE, then serves again without a restart', async () => {
    const user = await signUp(t.server);
    dbSwitch.cut();

    const viewer = await gql(t.server, VIEWER, {}, { token: user.accessToken });
    expect(viewer.errors).toEqual([expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    expect(viewer.data).toEqual({ viewer: null });
    const login = await gql(t.server, LOGIN, { input: { email: user.input.email, password: user.input.password } });
    expect(errorCode(login)).toBe('SERVICE_UNAVAILABLE');
    await request(t.server).get('/health/ready').expect(503);

    dbSwitch.restore();
    // Back within 10 seconds, in the same process.
    let code: string | undefined = 'SERVICE_UNAVAILABLE';
    for (let i = 0; i < 50 && code !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 200));
      code = errorCode(await gql(t.server, VIEWER, {}, { token: user.accessToken }));
    }
    expect(code).toBeUndefined();
    expect(errorCode(await gql(t.server, LOGIN, { input: { email: user.input.email, password: user.input.password } }))).toBeUndefined();
  });
});
