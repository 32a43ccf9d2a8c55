import { EntityManager } from '@mikro-orm/core';
import request from 'supertest';
import { logIn, signUp } from './factories/user.factory';
import { startApp, type TestApp } from './helpers/app';
import { sessionIdOf, sql } from './helpers/db';
import { CHANGE_PASSWORD, errorCode, gql, LOGIN, LOGOUT_SCOPE, REFRESH } from './helpers/graphql';

const EVENTS = `query Events($first: Int, $after: String) {
  securityEvents(first: $first, after: $after) {
    edges { cursor node { id type occurredAt sessionId ip userAgent detail } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  edges: {
    cursor: string;
    node: {
      id: string;
      type: string;
      sessionId: string | null;
      ip: string | null;
      userAgent: string | null;
      detail: string | null;
    };
  }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('the audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const events = async (token: string, variables: { first?: number; after?: string | null } = {}) =>
    gql<{ securityEvents: Page }>(t.server, EVENTS, variables, { token });

  it("records each security event on the person's account, newest first", async () => {
    const me = await signUp(t.server);
    await gql(t.server, LOGIN, { input: { email: me.input.email, password: 'not my password' } });
    const laptop = await request(t.server)
      .post('/graphql')
      .set('user-agent', 'Laptop/1.0')
      .send({ query: LOGIN, variables: { input: { email: me.input.email, password: me.input.password } } });
    const second = laptop.body.data.login as { accessToken: string; refreshToken: string };
    await gql(t.server, REFRESH, { token: second.refreshToken });
    await sql(t)(
      `update refresh_tokens set spent_at = now() - interval '1 minute' where spent_at is not null and session_id = ?`,
      [sessionIdOf(second.accessToken)],
    );
    await gql(t.server, REFRESH, { token: second.refreshToken });
    const third = await logIn(t.server, me.input.email, me.input.password);
    await gql(
      t.server,
      'mutation($id: ID!) { revokeSession(id: $id) }',
      { id: sessionIdOf(third.accessToken) },
      { token: me.accessToken },
    );
    await gql(t.server, LOGOUT_SCOPE, { scope: 'OTHERS' }, { token: me.accessToken });
    await gql(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: me.input.password, newPassword: 'a different long passphrase' } },
      { token: me.accessToken },
    );

    const page = (await events(me.accessToken, { first: 50 })).data!.securityEvents;
    expect(page.edges.map((e) => e.node.type)).toEqual([
      'PASSWORD_CHANGED',
      'LOGOUT',
      'SESSION_REVOKED',
      'LOGIN_SUCCEEDED',
      'REFRESH_REUSE_DETECTED',
      'LOGIN_SUCCEEDED',
      'LOGIN_FAILED',
      'SIGNUP',
    ]);
    const byType = (type: string) => page.edges.find((e) => e.node.type === type)!.node;
    expect(byType('LOGOUT').detail).toBe('OTHERS');
    expect(byType('SESSION_REVOKED').sessionId).toBe(sessionIdOf(third.accessToken));
    expect(byType('REFRESH_REUSE_DETECTED').sessionId).toBe(sessionIdOf(second.accessToken));
    expect(byType('SIGNUP').sessionId).toBe(sessionIdOf(me.accessToken));
    expect(byType('LOGIN_FAILED').ip).toMatch(/127\.0\.0\.1|::1/);
    expect(page.edges[5].node.userAgent).toBe('Laptop/1.0');
    expect(page.pageInfo.hasNextPage).toBe(false);

    const rows = await sql(t)('select row_to_json(e)::text as row from auth_events e where user_id = ?', [me.user.id]);
    for (const { row } of rows as { row: string }[]) {
      expect(row).not.toContain(me.input.password);
      expect(row).not.toContain('not my password');
    }
  });

  it('pages with cursors, and refuses a bad cursor or page size', async () => {
    const me = await signUp(t.server);
    for (let i = 0; i < 4; i++) await logIn(t.server, me.input.email, me.input.password);
    const all = (await events(me.accessToken, { first: 50 })).data!.securityEvents.edges.map((e) => e.node.id);
    expect(all).toHaveLength(5);

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const page: Page = (await events(me.accessToken, { first: 2, after })).data!.securityEvents;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all);

    expect(errorCode(await events(me.accessToken, { after: 'bm90IGEgY3Vyc29y' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await events(me.accessToken, { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await events(me.accessToken, { first: 101 }))).toBe('BAD_USER_INPUT');
  });

  it("shows no one else's events, and needs a session", async () => {
    const me = await signUp(t.server);
    const other = await signUp(t.server);
    await gql(t.server, LOGIN, { input: { email: other.input.email, password: 'wrong password' } });
    const mine = (await events(me.accessToken)).data!.securityEvents.edges.map((e) => e.node.type);
    expect(mine).toEqual(['SIGNUP']);
    expect(errorCode(await gql(t.server, EVENTS))).toBe('UNAUTHENTICATED');
  });

  it('records guesses the backoff refused, on the account they targeted', async () => {
    const me = await signUp(t.server);
    for (let i = 0; i < 6; i++)
      await gql(t.server, LOGIN, { input: { email: me.input.email, password: `guess ${i}` } });
    const nodes = (await events(me.accessToken, { first: 50 })).data!.securityEvents.edges.map((e) => e.node);
    expect(nodes[0]).toMatchObject({ type: 'LOGIN_FAILED', detail: 'BACKOFF' });
    expect(nodes.filter((n) => n.type === 'LOGIN_FAILED')).toHaveLength(6);
  });

  it('records wrong passwords given to changePassword and deleteAccount', async () => {
    const me = await signUp(t.server);
    await gql(
      t.server,
      CHANGE_PASSWORD,
      { input: { currentPassword: 'not mine', newPassword: 'whatever long enough' } },
      { token: me.accessToken },
    );
    await gql(
      t.server,
      'mutation($p: String!) { deleteAccount(password: $p) }',
      { p: 'not mine either' },
      { token: me.accessToken },
    );
    const nodes = (await events(me.accessToken)).data!.securityEvents.edges.map((e) => e.node);
    expect(nodes.slice(0, 2).map((n) => [n.type, n.detail])).toEqual([
      ['LOGIN_FAILED', 'DELETE_ACCOUNT'],
      ['LOGIN_FAILED', 'CHANGE_PASSWORD'],
    ]);
  });

  it('keeps the account deletion in the trail', async () => {
    const me = await signUp(t.server);
    await gql(
      t.server,
      'mutation($p: String!) { deleteAccount(password: $p) }',
      { p: me.input.password },
      { token: me.accessToken },
    );
    const rows = await sql(t)<{ type: string; session_id: string | null }>(
      'select type, session_id from auth_events where user_id = ? order by occurred_at',
      [me.user.id],
    );
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['SIGNUP', 'ACCOUNT_DELETED']);
    expect(rows[1].session_id).toBe(sessionIdOf(me.accessToken));
  });

  it('never fails the operation it records', async () => {
    jest.spyOn(EntityManager.prototype, 'insert').mockRejectedValueOnce(new Error('audit table unavailable'));
    const me = await signUp(t.server);
    expect(me.accessToken).toEqual(expect.any(String));
    const types = (await events(me.accessToken)).data!.securityEvents.edges.map((e) => e.node.type);
    expect(types).toEqual([]);
  });
});
