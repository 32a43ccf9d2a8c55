import request from 'supertest';
import { CREDENTIAL_MUTATIONS } from './unit/credential-mutations';
import { PasswordHasher } from '../src/passwords/password.hasher';
import { signUp, userInput } from './factories/user.factory';
import { onEmbedded, PRODUCTION_ENV, startApp, type TestApp } from './helpers/app';
import { sql } from './helpers/db';
import {
  CHANGE_PASSWORD,
  errorCode,
  gql,
  type GraphQLResponse,
  LOGIN,
  REFRESH,
  SIGNUP,
  VIEWER,
} from './helpers/graphql';

/** Counts every bcrypt comparison the app makes, real or dummy. */
function countComparisons(t: TestApp): () => number {
  const hasher = t.app.get(PasswordHasher);
  const verify = jest.spyOn(hasher, 'verify');
  const dummy = jest.spyOn(hasher, 'verifyNothing');
  return () => verify.mock.calls.length + dummy.mock.calls.length;
}

const retryAfter = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.retryAfter as number | undefined;
const login = (t: TestApp, email: string, password: string, headers: Record<string, string> = {}) =>
  gql(t.server, LOGIN, { input: { email, password } }, { headers });

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '10/1m', LOGIN_BACKOFF_AFTER: '100' });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('let at most 10 of 50 concurrent wrong logins on one email reach bcrypt', async () => {
    const { input } = await signUp(t.server);
    const comparisons = countComparisons(t);
    const results = await Promise.all(Array.from({ length: 50 }, () => login(t, input.email, 'wrong password')));
    const codes = results.map(errorCode);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(40);
    expect(comparisons()).toBe(10);
    const wait = retryAfter(results.find((r) => errorCode(r) === 'TOO_MANY_REQUESTS')!);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // The right password is refused too while the email is over its limit.
    expect(errorCode(await login(t, input.email, input.password))).toBe('TOO_MANY_REQUESTS');
  });
});

describe('refresh limit', () => {
  it('counts refreshes per session, across the rotating tokens', async () => {
    const t = await startApp({ RATE_LIMIT_REFRESH_PER_SESSION: '3/1m' });
    try {
      let { refreshToken } = await signUp(t.server);
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await gql<{ refreshToken: { refreshToken: string } }>(t.server, REFRESH, { token: refreshToken });
        codes.push(errorCode(res));
        refreshToken = res.data?.refreshToken.refreshToken ?? refreshToken;
      }
      expect(codes).toEqual([undefined, undefined, undefined, 'TOO_MANY_REQUESTS']);
      // Another session of the same person has a count of its own.
      const other = await signUp(t.server);
      expect(errorCode(await gql(t.server, REFRESH, { token: other.refreshToken }))).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('per-IP limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      RATE_LIMIT_LOGIN_PER_IP: '30/1m',
      RATE_LIMIT_SIGNUP_PER_IP: '5/1h',
      LOGIN_BACKOFF_AFTER: '100',
    });
  });
  afterAll(() => t.close());

  it('count per IP from the socket: a new forged X-Forwarded-For on each attempt changes nothing', async () => {
    const emails = Array.from({ length: 31 }, () => userInput().email);
    const results: GraphQLResponse<unknown>[] = [];
    for (const [i, email] of emails.entries()) {
      results.push(await login(t, email, 'wrong password', { 'x-forwarded-for': `203.0.113.${i + 1}` }));
    }
    expect(results.slice(0, 30).map(errorCode)).toEqual(Array(30).fill('UNAUTHENTICATED'));
    expect(errorCode(results[30])).toBe('TOO_MANY_REQUESTS');
  });

  it('allow 5 signups an hour per IP, and the 6th creates nothing', async () => {
    const inputs = Array.from({ length: 6 }, () => userInput());
    const codes: (string | undefined)[] = [];
    for (const input of inputs) codes.push(errorCode(await gql(t.server, SIGNUP, { input })));
    expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, 'TOO_MANY_REQUESTS']);
    const rows = await sql(t)('select count(*)::int as n from users where email = ?', [inputs[5].email]);
    expect(rows[0].n).toBe(0);
  });
});

describe('one request, many guesses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '10/1m' });
  });
  afterAll(() => t.close());

  it('refuses 100 login aliases in one request before any password is checked', async () => {
    const { input } = await signUp(t.server);
    const comparisons = countComparisons(t);
    const aliases = Array.from(
      { length: 100 },
      (_, i) => `a${i}: login(input: { email: "${input.email}", password: "guess-${i}" }) { accessToken }`,
    );
    const res = await gql(t.server, `mutation { ${aliases.join('\n')} }`);
    expect(res.data ?? null).toBeNull();
    expect(res.errors!.length).toBeGreaterThan(0);
    expect(
      res.errors!.every(
        (e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || e.extensions?.code === 'BAD_USER_INPUT',
      ),
    ).toBe(true);
    expect(comparisons()).toBe(0);
  });

  it('allows one credential mutation per operation', async () => {
    const { input } = await signUp(t.server);
    const res = await gql(
      t.server,
      `mutation($i: LoginInput!) { first: login(input: $i) { accessToken } second: login(input: $i) { accessToken } }`,
      { i: { email: input.email, password: input.password } },
    );
    // The list comes from the resolvers' @CredentialMutation declarations, in alphabetical order.
    expect(res.errors![0].message).toBe(
      `At most one of ${[...CREDENTIAL_MUTATIONS].sort().join(', ')} per operation; this one has 2`,
    );
    expect(res.data ?? null).toBeNull();
  });

  it('refuses a 20-level deep query and a 5,000-field query', async () => {
    let deep = 'id';
    // (Our schema is shallow, so the depth rule is met with fields that do not exist; it reports all the same.)
    for (let i = 0; i < 19; i++) deep = `f${i} { ${deep} }`;
    const res = await gql(t.server, `{ viewer { ${deep} } }`);
    expect(res.errors!.map((e) => e.message)).toContain('Syntax Error: Query depth limit of 8 exceeded, found 21.');

    const wide = await gql(t.server, `{ viewer { ${'id '.repeat(5000)} } }`);
    expect(wide.status).toBe(400);
    expect(errorCode(wide)).toBe('GRAPHQL_PARSE_FAILED');
    expect(wide.errors![0].message).toMatch(/Document contains more th[ae][nt] 2000 tokens/);
  });

  it('refuses more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const { accessToken } = await signUp(t.server);
    const ok = await gql(
      t.server,
      `{ ${Array.from({ length: 10 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`,
      {},
      { token: accessToken },
    );
    expect(errorCode(ok)).toBeUndefined();
    const over = await gql(
      t.server,
      `{ ${Array.from({ length: 11 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`,
      {},
      { token: accessToken },
    );
    expect(errorCode(over)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(over.errors![0].message).toMatch(/alias/i);
  });

  it('counts changePassword and deleteAccount guesses in the per-account backoff', async () => {
    const me = await signUp(t.server);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await gql(
        t.server,
        'mutation($p: String!) { deleteAccount(password: $p) }',
        { p: `guess-${i}` },
        { token: me.accessToken },
      );
      codes.push(errorCode(res));
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes.slice(5)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
    // The same streak covers login.
    expect(errorCode(await login(t, me.input.email, me.input.password))).toBe('TOO_MANY_REQUESTS');
  });

  it('refuses JSON-array batches', async () => {
    const res = await request(t.server)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send([{ query: VIEWER }, { query: VIEWER }]);
    expect(res.status).toBe(400);
  });

  it('sends hardened HTTP headers, and the playground a CSP that loads nothing from elsewhere', async () => {
    const res = await request(t.server).get('/graphql').set('accept', 'text/html');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/(^|;)default-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|;)script-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|;)frame-ancestors 'none'(;|$)/);
    expect(csp).not.toMatch(/https?:/);
  });

  it("gives every API answer a short, strict CSP instead of the pages'", async () => {
    const headers = (
      await request(t.server).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }' })
    ).headers;
    expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('brute-force backoff per account', () => {
  let t: TestApp;
  let db: ReturnType<typeof sql>;
  beforeAll(async () => {
    t = await startApp({ LOGIN_BACKOFF_AFTER: '5', LOGIN_BACKOFF_BASE: '1s', LOGIN_BACKOFF_MAX: '15m' });
    db = sql(t);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  /** Time passing, as far as the backoff is concerned. */
  const waitOut = () =>
    db('update login_failures set blocked_until = clock_timestamp() where blocked_until > clock_timestamp()');

  it('survives 101 wrong logins: no lockout, and the right password works once the wait is over', async () => {
    const { input } = await signUp(t.server);
    const comparisons = countComparisons(t);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 101; i++) codes.push(errorCode(await login(t, input.email, `wrong-${i}`)));
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes.slice(5).every((c) => c === 'TOO_MANY_REQUESTS' || c === 'UNAUTHENTICATED')).toBe(true);
    expect(comparisons()).toBeLessThan(101);

    // Still waiting: even the right password is not checked.
    const before = comparisons();
    expect(errorCode(await login(t, input.email, input.password))).toBe('TOO_MANY_REQUESTS');
    expect(comparisons()).toBe(before);

    await waitOut();
    expect(errorCode(await login(t, input.email, input.password))).toBeUndefined();
    // A success resets the count: one more mistake is just a mistake.
    expect(errorCode(await login(t, input.email, 'wrong again'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await login(t, input.email, input.password))).toBeUndefined();
  });

  it('doubles the wait with each further failure, up to LOGIN_BACKOFF_MAX', async () => {
    const email = userInput().email; // no such account: the backoff behaves the same, revealing nothing
    for (let i = 0; i < 4; i++) expect(errorCode(await login(t, email, 'wrong'))).toBe('UNAUTHENTICATED');
    const waits: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      await login(t, email, 'wrong'); // the failure that sets the next wait
      waits.push(retryAfter(await login(t, email, 'wrong')));
      await waitOut();
    }
    expect(waits).toEqual([1, 2, 4, 8]);

    await db('update login_failures set failures = 1000');
    await login(t, email, 'wrong');
    expect(retryAfter(await login(t, email, 'wrong'))).toBe(900);
  });
});

describe('RATE_LIMIT_ENABLED=false', () => {
  it('turns the limits and the backoff off', async () => {
    const t = await startApp({
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_LOGIN_PER_EMAIL: '2/1m',
      LOGIN_BACKOFF_AFTER: '1',
    });
    try {
      const { input } = await signUp(t.server);
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 6; i++) codes.push(errorCode(await login(t, input.email, 'wrong')));
      expect(codes).toEqual(Array(6).fill('UNAUTHENTICATED'));
    } finally {
      await t.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('counts per client address from X-Forwarded-For only when the proxy is trusted', async () => {
    const t = await startApp({ TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN_PER_IP: '2/1m', LOGIN_BACKOFF_AFTER: '100' });
    try {
      const as = (ip: string) => login(t, userInput().email, 'wrong', { 'x-forwarded-for': ip });
      expect([
        errorCode(await as('198.51.100.7')),
        errorCode(await as('198.51.100.7')),
        errorCode(await as('198.51.100.7')),
      ]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS']);
      expect(errorCode(await as('198.51.100.8'))).toBe('UNAUTHENTICATED');
    } finally {
      await t.close();
    }
  });

  it('gives every password check from one address one budget, whichever mutation makes it', async () => {
    const t = await startApp({ TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN_PER_IP: '2/1m', LOGIN_BACKOFF_AFTER: '100' });
    try {
      const me = await signUp(t.server);
      const ip = { 'x-forwarded-for': '198.51.100.9' };
      expect(errorCode(await login(t, userInput().email, 'wrong', ip))).toBe('UNAUTHENTICATED');
      const change = { input: { currentPassword: 'not it', newPassword: 'whatever new passphrase' } };
      expect(errorCode(await gql(t.server, CHANGE_PASSWORD, change, { token: me.accessToken, headers: ip }))).toBe(
        'UNAUTHENTICATED',
      );
      expect(
        errorCode(
          await gql(
            t.server,
            'mutation($p: String!) { deleteAccount(password: $p) }',
            { p: 'not it' },
            { token: me.accessToken, headers: ip },
          ),
        ),
      ).toBe('TOO_MANY_REQUESTS');
    } finally {
      await t.close();
    }
  });
});

// Two instances need a database they can share: PostgreSQL, not the one-connection embedded one.
const describeWithRedis = process.env.TEST_REDIS_URL && !onEmbedded ? describe : describe.skip;

describeWithRedis('several instances sharing one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = {
      REDIS_URL: process.env.TEST_REDIS_URL,
      RATE_LIMIT_LOGIN_PER_EMAIL: '4/1m',
      LOGIN_BACKOFF_AFTER: '100',
    };
    [a, b] = [await startApp(env), await startApp(env)];
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('count 50 concurrent wrong logins atomically: exactly the limit reach bcrypt', async () => {
    const { input } = await signUp(a.server);
    const comparisons = [countComparisons(a), countComparisons(b)];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => login(i % 2 ? a : b, input.email, 'wrong')));
    expect(results.filter((r) => errorCode(r) === 'UNAUTHENTICATED')).toHaveLength(4);
    expect(comparisons[0]() + comparisons[1]()).toBe(4);
  });

  it('share one limit', async () => {
    const { email } = userInput();
    const codes: (string | undefined)[] = [];
    for (const app of [a, b, a, b, a, b]) codes.push(errorCode(await login(app, email, 'wrong')));
    expect(codes).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'TOO_MANY_REQUESTS',
      'TOO_MANY_REQUESTS',
    ]);
  });
});

describe('the password policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ PASSWORD_MIN_LENGTH: '12' });
  });
  afterAll(() => t.close());

  const signupMessages = async (override: { name?: string; email?: string; password: string }) => {
    const res = await gql(t.server, SIGNUP, { input: userInput(override) });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    return (res.errors![0].extensions!.fields as { field: string; messages: string[] }[])[0].messages.join(' ');
  };

  it('refuses common passwords, after NFKC and case folding', async () => {
    await expect(signupMessages({ password: 'PASSWORD1234' })).resolves.toMatch(/most common passwords/);
    await expect(signupMessages({ password: 'ｑｗｅｒｔｙｕｉｏｐ１２３' })).resolves.toMatch(/most common passwords/);
  });

  it('refuses passwords that contain the email or the name, and says why', async () => {
    await expect(signupMessages({ email: 'marguerite@example.com', password: 'MargueriteRocks!!' })).resolves.toMatch(
      /email address or name/,
    );
    await expect(signupMessages({ name: 'Ada Lovelace', password: 'i-am-lovelace-42' })).resolves.toMatch(
      /email address or name/,
    );
  });

  it('applies PASSWORD_MIN_LENGTH and accepts long passphrases', async () => {
    await expect(signupMessages({ password: 'eleven char' })).resolves.toMatch(/at least 12 characters/);
    const long = await gql(t.server, SIGNUP, {
      input: userInput({ password: 'correct horse battery staple '.repeat(3).slice(0, 64) }),
    });
    expect(errorCode(long)).toBeUndefined();
  });

  it('applies at changePassword too', async () => {
    const me = await signUp(t.server, userInput({ password: 'a fine long passphrase' }));
    const res = await gql(
      t.server,
      'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { accessToken } }',
      { i: { currentPassword: 'a fine long passphrase', newPassword: 'qwertyuiop123' } },
      { token: me.accessToken },
    );
    expect(res.errors![0].extensions!.fields).toEqual([
      { field: 'newPassword', messages: [expect.stringMatching(/most common passwords/)] },
    ]);
  });
});

describe('in production', () => {
  it('gives no field suggestions that would reveal the schema', async () => {
    const t = await startApp(PRODUCTION_ENV);
    try {
      const res = await gql(t.server, '{ viewr { id } }');
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.errors![0].message).not.toMatch(/Did you mean|viewer/);
      const enumValue = await gql(t.server, 'mutation { logout(scope: CURRNT) }');
      expect(errorCode(enumValue)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(enumValue.errors![0].message).not.toMatch(/Did you mean|CURRENT/);
    } finally {
      await t.close();
    }
  });
});
