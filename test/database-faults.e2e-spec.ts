import { Client } from 'pg';
import request from 'supertest';
import { logIn, signUp, userInput } from './factories/user.factory';
import { onEmbedded, startApp, type TestApp } from './helpers/app';
import { CHANGE_PASSWORD, errorCode, gql, LOGIN, SIGNUP, VIEWER } from './helpers/graphql';
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
    expect(
      errorCode(await gql(t.server, LOGIN, { input: { email: user.input.email, password: user.input.password } })),
    ).toBeUndefined();
  });

  /** Polls until the database answers through the switch again (bounded). */
  async function waitForDatabase(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if ((await request(t.server).get('/health/ready')).status === 200) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the database did not come back');
  }

  // A lock held elsewhere makes a statement wait past DB_TIMEOUT_MS: the server cancels it, and the
  // transaction around it must roll back cleanly (not linger on the pooled connection).
  (onEmbedded ? it.skip : it)('rolls a password change back when a statement times out on a lock', async () => {
    const me = await signUp(t.server);
    const other = await logIn(t.server, me.input.email, me.input.password);
    const locker = new Client({ connectionString: real.toString() });
    await locker.connect();
    await locker.query('begin');
    await locker.query('select 1 from users where id = $1 for update', [me.user.id]);
    const res = await gql(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: me.input.password, newPassword: 'a brand new passphrase' } },
      { token: me.accessToken },
    );
    await locker.query('rollback');
    await locker.end();
    expect(errorCode(res)).toBe('SERVICE_UNAVAILABLE');

    // Whatever the pooled connection does next commits nothing of that change.
    for (let i = 0; i < 3; i++) await gql(t.server, VIEWER, {}, { token: me.accessToken });
    expect(errorCode(await gql(t.server, VIEWER, {}, { token: other.accessToken }))).toBeUndefined();
    expect(
      errorCode(await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } })),
    ).toBeUndefined();
  });

  it('leaves no half-written signup when the connection drops between its inserts', async () => {
    const input = userInput();
    dbSwitch.cutOn('insert into "sessions"');
    const res = await gql(t.server, SIGNUP, { input });
    expect(errorCode(res)).toBe('SERVICE_UNAVAILABLE');
    dbSwitch.restore();
    await waitForDatabase();

    // The user row went in first, in the same transaction: it is gone too, so the address is free.
    expect(errorCode(await gql(t.server, LOGIN, { input: { email: input.email, password: input.password } }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(errorCode(await gql(t.server, SIGNUP, { input }))).toBeUndefined();
  });

  it('leaves no half-done password change when the connection drops before the other sessions are revoked', async () => {
    const me = await signUp(t.server);
    const other = await logIn(t.server, me.input.email, me.input.password);
    dbSwitch.cutOn('update "sessions" set "revoked_at"');
    const res = await gql(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: me.input.password, newPassword: 'a brand new passphrase' } },
      { token: me.accessToken },
    );
    expect(errorCode(res)).toBe('SERVICE_UNAVAILABLE');
    dbSwitch.restore();
    await waitForDatabase();

    // The new password was written first, in the same transaction: the old one still works and no session ended.
    expect(errorCode(await gql(t.server, VIEWER, {}, { token: other.accessToken }))).toBeUndefined();
    expect(
      errorCode(await gql(t.server, LOGIN, { input: { email: me.input.email, password: 'a brand new passphrase' } })),
    ).toBe('UNAUTHENTICATED');
    expect(
      errorCode(await gql(t.server, LOGIN, { input: { email: me.input.email, password: me.input.password } })),
    ).toBeUndefined();
  });
});
