/**
 * `npm run bench`: the built server under fixed-concurrency load on the local PostgreSQL (or, with
 * --embedded, on embedded PostgreSQL), beside a raw floor and a bcrypt ceiling measured in the same
 * run. Prints a table and the ratios, and writes them to a JSON file. See README "Performance".
 */
import * as bcrypt from 'bcrypt';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { prehash } from '../src/passwords/password.hasher';
import { benchEmail, migrate, openDatabase, seedUsers, withClient } from './lib/database';
import { type Connection, type LoadResult, measure, type Operation } from './lib/load';
import { EXTRAS, type Extra } from './ablation-server';
import { parseOptions } from './lib/options';
import { type Running, startProcess } from './lib/processes';
import { report, type Report } from './lib/report';
import { startSmtpSink } from './lib/smtp-sink';

const PASSWORD = 'correct horse battery staple bench';
const JWT_SECRET = 'benchmark-secret-that-is-at-least-32-bytes-long';
const DATA_ENCRYPTION_KEY = 'benchmark-data-encryption-key-of-32-bytes-or-more';
const LOTS = '1000000000/1m';
const gql = (query: string, variables: object = {}) => JSON.stringify({ query, variables });
const VIEWER = gql('query Viewer { viewer { id name email emailVerified createdAt } }');
const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }';
const SIGNUP = 'mutation Signup($input: SignupInput!) { signup(input: $input) { accessToken } }';
const REFRESH = 'mutation Refresh($token: String) { refreshToken(token: $token) { refreshToken } }';
const RESET = 'mutation Reset($email: String!) { requestPasswordReset(email: $email) }';
const CONSTANT = gql('query Constant { __typename }');
/** The login row and bcrypt ceiling measured again with this few clients at once. */
const FEW = 4;

const options = parseOptions(process.argv.slice(2));
const log = (line: string) => console.error(`[bench] ${line}`);
const logDir = tmpdir();

async function main(): Promise<void> {
  const started = Date.now();
  const db = await openDatabase(options.embedded, options.adminUrl);
  const smtp = await startSmtpSink();
  const serverEnv = (): Record<string, string> => ({
    NODE_ENV: 'production',
    JWT_SECRET,
    DATA_ENCRYPTION_KEY,
    BCRYPT_ROUNDS: String(options.bcryptRounds),
    ...(db.embedded ? { DOORMAN_EMBEDDED_URL: db.url } : { DATABASE_URL: db.url }),
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Bench <bench@example.com>',
    APP_URL: 'https://app.example.com',
    // Limits stay on (their cost is part of every request) but out of reach.
    RATE_LIMIT_LOGIN_PER_EMAIL: LOTS,
    RATE_LIMIT_LOGIN_PER_IP: LOTS,
    RATE_LIMIT_SIGNUP_PER_IP: LOTS,
    RATE_LIMIT_REFRESH_PER_SESSION: LOTS,
    RATE_LIMIT_REFRESH_PER_IP: LOTS,
    RATE_LIMIT_MAIL_PER_EMAIL: LOTS,
    RATE_LIMIT_MAIL_PER_IP: LOTS,
  });
  try {
    log(`${db.embedded ? 'embedded PostgreSQL' : 'PostgreSQL server'}: migrating and seeding ${options.users} users`);
    await migrate(db.url);
    const passwordHash = await bcrypt.hash(prehash(PASSWORD), options.bcryptRounds);
    await seedUsers(db.url, 1, options.users, passwordHash, () => undefined);
    const postgres = await withClient(
      db.url,
      async (c) => (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0].v,
    );

    const server = await startServer(serverEnv());
    const idleRssMb = await settledRss(server);
    const sessions = await logIn(server.url, options.connections);
    const results: Record<string, LoadResult> = {};
    const load = async (name: string, operation: Operation, seconds = options.durationSeconds) => {
      log(`${name}: ${options.connections} connections, ${seconds} s`);
      results[name] = await measure(server, operation, options.connections, seconds, options.warmupSeconds);
    };
    // The ratios that are targets are measured in alternating pairs (the server's row, then its floor
    // or ceiling, ROUNDS times): a slow spell on this shared machine then hits both sides of a pair,
    // and the reported ratio is the median of the rounds' ratios.
    const floor = await startProcess(
      ['--require', 'ts-node/register/transpile-only', 'bench/raw-floor.ts'],
      { DATABASE_URL: db.url, JWT_SECRET, POOL_MAX: db.embedded ? '1' : '10' },
      join(logDir, 'doorman-bench-floor.log'),
      '/',
    );
    const pairedRatios: Record<string, number> = {};
    const paired = async (
      ratio: string,
      [aName, a]: [string, () => Promise<LoadResult>],
      [bName, b]: [string, () => Promise<LoadResult>],
    ) => {
      const rounds: [LoadResult, LoadResult][] = [];
      for (let round = 1; round <= options.rounds; round++) {
        log(`${aName} / ${bName}, round ${round} of ${options.rounds}`);
        rounds.push([await a(), await b()]);
      }
      const byRatio = rounds
        .map(([x, y]) => ({ x, y, ratio: x.requestsPerSecond / y.requestsPerSecond }))
        .sort((p, q) => p.ratio - q.ratio);
      const middle = byRatio[Math.floor(byRatio.length / 2)];
      results[aName] = middle.x;
      results[bName] = middle.y;
      pairedRatios[ratio] = Math.round(middle.ratio * 100) / 100;
    };
    const at =
      (target: { url: string; pid?: number }, operation: Operation, connections = options.connections) =>
      () =>
        measure(target, operation, connections, options.durationSeconds, options.warmupSeconds);
    await paired(
      'viewer / raw floor (req/s)',
      ['viewer', at(server, viewer(sessions.map((s) => s.accessToken)))],
      ['raw floor (viewer)', at(floor, viewer(sessions.map((s) => s.accessToken)))],
    );
    await floor.stop();
    await load('refreshToken', refresh(sessions.map((s) => s.refreshToken)));
    await paired(
      'login / bcrypt ceiling (req/s)',
      ['login', at(server, login(options.users))],
      ['bcrypt ceiling', () => bcryptCeiling(options.connections)],
    );
    // Few clients at once: what a login costs around its hash shows most when bcrypt is not the queue.
    await paired(
      `login / bcrypt ceiling, ${FEW} connections (req/s)`,
      [`login, ${FEW} connections`, at(server, login(options.users), FEW)],
      [`bcrypt ceiling, ${FEW} at once`, () => bcryptCeiling(FEW)],
    );
    await load('signup', signup());
    // What a prober sees: single requests on a quiet server, alternating an address with an account
    // and one without.
    log('requestPasswordReset: 2 x 400 single requests, alternating');
    Object.assign(results, await probeReset(server.url));
    // The stack's own ceiling: a query that touches neither the guard nor the database.
    await load('constant query (no auth, no DB)', { next: () => ({ body: CONSTANT }) });
    const afterRunRssMb = await settledRss(server);
    await server.stop();

    // The same viewer with every session read from the database (as on embedded PostgreSQL).
    const uncached = await startServer({ ...serverEnv(), SESSION_CACHE_TTL_MS: '0' });
    log(`viewer, session cache off: ${options.connections} connections, ${options.durationSeconds} s`);
    results['viewer, session cache off'] = await measure(
      uncached,
      viewer(sessions.map((s) => s.accessToken)),
      options.connections,
      options.durationSeconds,
      options.warmupSeconds,
    );
    await uncached.stop();

    // Ablation: the same viewer through the server with one extra off at a time, each its own process.
    const ablation: Report['ablation'] = [];
    // Nothing off, first and again last: the two bracket whatever drifted during the rows between.
    const order = ['', ...Object.keys(EXTRAS), ''] as ('' | Extra)[];
    for (const [i, off] of order.entries()) {
      const what = off ? EXTRAS[off] : i === 0 ? 'none (everything on)' : 'none, again';
      log(`ablation, ${what} off: ${options.connections} connections, ${options.durationSeconds} s`);
      const variant = await startProcess(
        ['--require', 'ts-node/register/transpile-only', 'bench/ablation-server.ts'],
        { ...serverEnv(), ABLATE: off, ...(off === 'orm-context' ? { MIKRO_ORM_ALLOW_GLOBAL_CONTEXT: 'true' } : {}) },
        join(logDir, 'doorman-bench-ablation.log'),
        '/health/ready',
      );
      ablation.push({
        off,
        what,
        result: await measure(
          variant,
          viewer(sessions.map((s) => s.accessToken)),
          options.connections,
          options.durationSeconds,
          options.warmupSeconds,
        ),
      });
      await variant.stop();
    }

    let scale: Report['scale'];
    if (options.scale) {
      log(`scale: seeding up to ${options.scaleUsers.toLocaleString('en')} users`);
      const seedStart = Date.now();
      await seedUsers(db.url, options.users + 1, options.scaleUsers, passwordHash, (done) =>
        log(`  ${done.toLocaleString('en')} users`),
      );
      const seedSeconds = (Date.now() - seedStart) / 1000;
      const big = await startServer(serverEnv());
      const bigSessions = await logIn(big.url, options.connections, options.scaleUsers);
      const at = async (operation: Operation) =>
        measure(big, operation, options.connections, options.durationSeconds, options.warmupSeconds);
      log(`viewer and login with ${options.scaleUsers.toLocaleString('en')} users`);
      const bigViewer = await at(viewer(bigSessions.map((s) => s.accessToken)));
      const bigLogin = await at(login(options.scaleUsers));
      await big.stop();
      const bigUncached = await startServer({ ...serverEnv(), SESSION_CACHE_TTL_MS: '0' });
      log(`viewer with ${options.scaleUsers.toLocaleString('en')} users, session cache off`);
      const bigViewerUncached = await measure(
        bigUncached,
        viewer(bigSessions.map((s) => s.accessToken)),
        options.connections,
        options.durationSeconds,
        options.warmupSeconds,
      );
      await bigUncached.stop();
      scale = {
        users: options.scaleUsers,
        seedSeconds,
        viewer: bigViewer,
        viewerUncached: bigViewerUncached,
        login: bigLogin,
      };
    }

    const out = report({
      when: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        postgres,
      },
      options: { ...options, adminUrl: undefined },
      database: db.embedded ? 'embedded' : 'server',
      results,
      rss: { idleMb: idleRssMb, afterRunMb: afterRunRssMb },
      mailsAccepted: smtp.received(),
      scale,
      ablation,
      pairedRatios,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    writeFileSync(options.out, `${JSON.stringify(out, null, 2)}\n`);
    log(`written to ${options.out}`);
  } finally {
    await smtp.close();
    await db.close();
  }
}

function startServer(env: Record<string, string>): Promise<Running> {
  return startProcess(['dist/main.js'], env, join(logDir, 'doorman-bench-server.log'), '/health/ready');
}

/** RSS once the process has been quiet for a moment. */
async function settledRss(server: Running): Promise<number> {
  await new Promise((r) => setTimeout(r, 2_000));
  return server.rssMb();
}

async function post<T>(url: string, body: string, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!json.data) throw new Error(`bench set-up failed: ${JSON.stringify(json.errors)}`);
  return json.data;
}

/** One session per connection, for users spread over the whole table. */
async function logIn(
  url: string,
  count: number,
  users = options.users,
): Promise<{ accessToken: string; refreshToken: string }[]> {
  const step = Math.max(1, Math.floor(users / count));
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const email = benchEmail(1 + ((i * step) % users));
    sessions.push(
      (
        await post<{ login: { accessToken: string; refreshToken: string } }>(
          url,
          gql(LOGIN, { input: { email, password: PASSWORD } }),
        )
      ).login,
    );
  }
  return sessions;
}

function viewer(tokens: string[]): Operation {
  let n = 0;
  return { next: () => ({ body: VIEWER, token: tokens[n++ % tokens.length] }) };
}

/** Each connection follows one session's rotation chain: it spends the token the last answer gave it. */
function refresh(initial: string[]): Operation {
  const chains = [...initial];
  let next = 0;
  const slot = (c: Connection) => (c.slot ??= next++ % chains.length) as number;
  return {
    next: (c) => ({ body: gql(REFRESH, { token: chains[slot(c)] }) }),
    answered: (c, body) => {
      const match = /"refreshToken":"([^"]+)"/.exec(body);
      if (match) chains[slot(c)] = match[1];
    },
  };
}

function login(users: number): Operation {
  return {
    next: () => ({
      body: gql(LOGIN, { input: { email: benchEmail(1 + Math.floor(Math.random() * users)), password: PASSWORD } }),
    }),
  };
}

function signup(): Operation {
  let n = 0;
  const run = Date.now().toString(36);
  return {
    next: () => ({
      body: gql(SIGNUP, {
        input: { name: 'Signup Person', email: `signup-${run}-${n++}@example.com`, password: PASSWORD },
      }),
    }),
  };
}

/** Alternating single requests, 5 ms apart (the mail of the last one has gone out): their latencies. */
async function probeReset(url: string): Promise<Record<string, LoadResult>> {
  const times: Record<'account' | 'none', number[]> = { account: [], none: [] };
  for (let n = 0; n < 850; n++) {
    const kind = n % 2 === 0 ? 'account' : 'none';
    const email = kind === 'account' ? benchEmail(1 + (n % options.users)) : `nobody-${n}@example.com`;
    const started = performance.now();
    await post(url, gql(RESET, { email }));
    // The first 50 warm up.
    if (n >= 50) times[kind].push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 5));
  }
  const summary = (values: number[]): LoadResult => {
    values.sort((a, b) => a - b);
    const at = (q: number) => Math.round(values[Math.floor(q * (values.length - 1))] * 100) / 100;
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    return {
      requestsPerSecond: Math.round((1000 / mean) * 10) / 10,
      p50: at(0.5),
      p99: at(0.99),
      requests: values.length,
      errors: 0,
    };
  };
  return {
    'requestPasswordReset, account (single)': summary(times.account),
    'requestPasswordReset, none (single)': summary(times.none),
  };
}

async function bcryptCeiling(concurrency: number): Promise<LoadResult> {
  const { execFile } = await import('node:child_process');
  const args = [
    '--require',
    'ts-node/register/transpile-only',
    'bench/bcrypt-ceiling.ts',
    String(options.bcryptRounds),
    String(concurrency),
    String(options.durationSeconds),
  ];
  const output = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, args, { cwd: join(__dirname, '..') }, (error, stdout) =>
      error ? reject(new Error(error.message)) : resolve(stdout),
    ),
  );
  const { perSecond, p50, p99 } = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
    perSecond: number;
    p50: number;
    p99: number;
  };
  return {
    requestsPerSecond: perSecond,
    p50,
    p99,
    requests: Math.round(perSecond * options.durationSeconds),
    errors: 0,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
