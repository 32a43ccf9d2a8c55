import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { logIn, signUp, userInput } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { type AuthPayload, errorCode, gql, LOGIN, LOGOUT, SIGNUP, VIEWER } from './helpers/graphql';

describe('signup, login, viewer, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('signs a new person up and in: the token reads viewer', async () => {
    const tag = randomUUID().slice(0, 8);
    const input = userInput({ name: '  Ada Lovelace ', email: `  Ada.Lovelace+${tag.toUpperCase()}@Example.COM ` });
    const res = await gql<{ signup: AuthPayload }>(t.server, SIGNUP, { input });
    const payload = res.data!.signup;
    expect(payload.user).toMatchObject({ name: 'Ada Lovelace', email: `ada.lovelace+${tag}@example.com` });
    expect(new Date(payload.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(new Date(payload.accessTokenExpiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 1000);

    const viewer = await gql<{ viewer: AuthPayload['user'] }>(t.server, VIEWER, {}, { token: payload.accessToken });
    expect(viewer.data!.viewer).toEqual(payload.user);
  });

  it('logs in with the email in any case and with spaces around it', async () => {
    const { input, user } = await signUp(t.server);
    const payload = await logIn(t.server, `  ${input.email.toUpperCase()} `, input.password);
    expect(payload.user.id).toBe(user.id);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const { input } = await signUp(t.server);
    const wrong = await gql(t.server, LOGIN, { input: { email: input.email, password: 'not the password' } });
    const unknown = await gql(t.server, LOGIN, {
      input: { email: `nobody-${input.email}`, password: 'not the password' },
    });
    expect(wrong.errors).toHaveLength(1);
    expect(wrong.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
    expect(unknown.errors![0].extensions).toEqual(wrong.errors![0].extensions);
    expect(wrong.data).toBeNull();
  });

  it('refuses an email that is already registered, whatever its case', async () => {
    const { input } = await signUp(t.server);
    const again = await gql(t.server, SIGNUP, { input: userInput({ email: input.email.toUpperCase() }) });
    expect(errorCode(again)).toBe('EMAIL_TAKEN');
  });

  it('makes exactly one account from 20 concurrent signups with one email', async () => {
    const email = userInput().email;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gql(t.server, SIGNUP, { input: userInput({ email, name: `Racer ${i}` }) })),
    );
    const codes = results.map((r) => (r.errors ? errorCode(r) : 'OK'));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'EMAIL_TAKEN')).toHaveLength(19);
    const em = t.app.get(MikroORM).em.fork();
    const [{ count }] = await em
      .getConnection()
      .execute<{ count: string }[]>('select count(*) from users where email = ?', [email]);
    expect(Number(count)).toBe(1);
  });

  it('names every offending field when input is invalid', async () => {
    const res = await gql(t.server, SIGNUP, { input: { name: '   ', email: 'not-an-email', password: 'short' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const fields = (res.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['email', 'name', 'password']);
    expect(res.errors![0].message).toMatch(/password must be 8 to 1024 characters long/);
  });

  it.each([
    ['a 121-character name', { name: 'x'.repeat(121) }, 'name'],
    ['a name with a NUL byte', { name: 'Ada\u0000' }, 'name'],
    [
      'an email over 254 characters',
      { email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com` },
      'email',
    ],
    ['a password of 7 characters after NFKC', { password: 'ｐａｓｓｗｏｒ' }, 'password'],
  ])('refuses %s', async (_label, override, field) => {
    const res = await gql(t.server, SIGNUP, { input: userInput(override) });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect((res.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field)).toEqual([field]);
  });

  it('counts password length in code points: 8 emoji are enough', async () => {
    const { input } = await signUp(t.server, userInput({ password: '🔑🔑🔑🔑🔑🔑🔑🔑' }));
    await expect(logIn(t.server, input.email, input.password)).resolves.toMatchObject({ user: { email: input.email } });
  });

  it('matches composed and decomposed forms of the same password', async () => {
    const { input } = await signUp(t.server, userInput({ password: 'caf\u00e9 au lait' }));
    await expect(logIn(t.server, input.email, 'cafe\u0301 au lait')).resolves.toBeDefined();
  });

  it('never truncates: passwords sharing their first 72 bytes are different passwords', async () => {
    const prefix = 'p'.repeat(72);
    const { input } = await signUp(t.server, userInput({ password: `${prefix}-one` }));
    const other = await gql(t.server, LOGIN, { input: { email: input.email, password: `${prefix}-two` } });
    expect(errorCode(other)).toBe('UNAUTHENTICATED');
    await expect(logIn(t.server, input.email, `${prefix}-one`)).resolves.toBeDefined();
  });

  it('refuses a body over 100 kB without creating anything', async () => {
    const input = userInput({ password: 'x'.repeat(150_000) });
    const res = await request(t.server)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: SIGNUP, variables: { input } });
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const login = await gql(t.server, LOGIN, { input: { email: input.email, password: input.password.slice(0, 100) } });
    expect(errorCode(login)).toBe('UNAUTHENTICATED');
  });

  it('logout ends that session only, at once', async () => {
    const first = await signUp(t.server);
    const second = await logIn(t.server, first.input.email, first.input.password);

    const out = await gql<{ logout: boolean }>(t.server, LOGOUT, {}, { token: first.accessToken });
    expect(out.data!.logout).toBe(true);

    const dead = await gql(t.server, VIEWER, {}, { token: first.accessToken });
    expect(errorCode(dead)).toBe('UNAUTHENTICATED');
    const again = await gql(t.server, LOGOUT, {}, { token: first.accessToken });
    expect(errorCode(again)).toBe('UNAUTHENTICATED');

    const alive = await gql<{ viewer: { id: string } }>(t.server, VIEWER, {}, { token: second.accessToken });
    expect(alive.data!.viewer.id).toBe(first.user.id);
  });

  it('needs a session for viewer and logout', async () => {
    expect(errorCode(await gql(t.server, VIEWER))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.server, LOGOUT))).toBe('UNAUTHENTICATED');
  });

  it('records each session with its client, and keeps no plaintext password anywhere', async () => {
    const { input, user } = await signUp(t.server);
    await request(t.server)
      .post('/graphql')
      .set('user-agent', 'doorman-e2e/1.0')
      .send({ query: LOGIN, variables: { input: { email: input.email, password: input.password } } })
      .expect(200);

    const connection = t.app.get(MikroORM).em.fork().getConnection();
    const sessions = await connection.execute<
      { user_agent: string | null; ip: string | null; revoked_at: Date | null; expires_at: Date }[]
    >('select * from sessions where user_id = ? order by created_at', [user.id]);
    expect(sessions).toHaveLength(2);
    expect(sessions[1].user_agent).toBe('doorman-e2e/1.0');
    expect(sessions[1].ip).toMatch(/127\.0\.0\.1|::1/);
    expect(new Date(sessions[1].expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const [{ password_hash }] = await connection.execute<{ password_hash: string }[]>(
      'select password_hash from users where id = ?',
      [user.id],
    );
    expect(password_hash).toMatch(/^\$2[aby]\$04\$/);

    const tables = await connection.execute<{ table_name: string }[]>(
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    for (const { table_name } of tables) {
      const rows = await connection.execute<{ row: string }[]>(
        `select row_to_json(t)::text as row from "${table_name}" t`,
      );
      for (const { row } of rows) expect(row).not.toContain(input.password);
    }
  });
});
