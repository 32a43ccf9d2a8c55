/**
 * npm run test:reliability — what clients get when things go wrong, measured on this machine.
 *
 * 1. Database restart under load: a server on the local PostgreSQL serves `viewer` and `login`
 *    from several concurrent clients while PostgreSQL is stopped (pg_ctlcluster … stop -m fast)
 *    and started again. Every response is classified; the report shows what came back while the
 *    database was down, the slowest answer, and how long after the restart the server served again.
 * 2. SIGTERM under load: the same load against a second server, which is sent SIGTERM; requests
 *    already in flight must complete, later ones are refused at the socket, and the exit code is 0.
 *
 * Needs root (to stop PostgreSQL) and DATABASE_URL-style access as postgres@127.0.0.1. Not part of CI.
 */
import { execSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');
const ADMIN_URL = process.env.RELIABILITY_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'doorman_reliability';
const CLUSTER = execSync('ls /etc/postgresql').toString().trim().split('\n')[0];
const CONCURRENCY = 8;

type Outcome = string;
interface Sample {
  at: number;
  ms: number;
  outcome: Outcome;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pg = (action: 'start' | 'stop') =>
  execSync(`pg_ctlcluster --skip-systemctl-redirect ${CLUSTER} main ${action}${action === 'stop' ? ' -m fast' : ''}`, {
    stdio: 'ignore',
  });
const pgReady = () => {
  try {
    execSync('pg_isready -h 127.0.0.1 -p 5432 -q');
    return true;
  } catch {
    return false;
  }
};

/** Signs up a person on the server under test and returns the access token. */
async function signUp(url: string, name: string, email: string, password: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }',
      variables: { i: { name, email, password } },
    }),
  });
  const body = (await res.json()) as { data: { signup: { accessToken: string } } };
  return body.data.signup.accessToken;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'error',
      PORT: String(port),
      HOST: '127.0.0.1',
      BCRYPT_ROUNDS: '4',
      RATE_LIMIT_ENABLED: 'false',
      JWT_SECRET: 'reliability-secret-that-is-long-enough-123',
      // Set, so the script writes no development key file into the work tree.
      DATA_ENCRYPTION_KEY: 'reliability-data-encryption-key-long-enough-123',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string | null>((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url.replace('/graphql', '/health/live'))).ok) break;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  return { url, child, exited, output: () => output };
}

async function gql(url: string, query: string, variables: object = {}, token?: string): Promise<Sample> {
  const start = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { data?: object; errors?: { extensions?: { code?: string } }[] };
    const outcome = body.errors?.length ? String(body.errors[0].extensions?.code) : 'ok';
    return { at: start, ms: Date.now() - start, outcome };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { at: start, ms: Date.now() - start, outcome: `network:${code}` };
  }
}

/** Runs `CONCURRENCY` clients alternating viewer and login until `stop()` resolves. */
function load(url: string, token: string, email: string, password: string) {
  const samples: Sample[] = [];
  let running = true;
  const clients = Array.from({ length: CONCURRENCY }, async (_, i) => {
    for (let n = 0; running; n++) {
      samples.push(
        (i + n) % 2
          ? await gql(url, 'query { viewer { id } }', {}, token)
          : await gql(url, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
              i: { email, password },
            }),
      );
      if (samples[samples.length - 1].outcome.startsWith('network:')) await sleep(50);
    }
  });
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}

function summarise(samples: Sample[], from: number, to: number) {
  const slice = samples.filter((s) => s.at >= from && s.at < to);
  const counts: Record<string, number> = {};
  for (const s of slice) counts[s.outcome] = (counts[s.outcome] ?? 0) + 1;
  const maxMs = slice.reduce((m, s) => Math.max(m, s.ms), 0);
  return { requests: slice.length, outcomes: counts, maxMs };
}

async function databaseRestart() {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.query(`create database ${DB}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB}`;
  const server = await startServer({ DATABASE_URL: url.toString(), DB_TIMEOUT_MS: '2000' });
  const email = `reliability-${Date.now()}@example.com`;
  const password = 'reliability passphrase';
  const accessToken = await signUp(server.url, 'R', email, password);

  const run = load(server.url, accessToken, email, password);
  const t0 = Date.now();
  await sleep(3000);
  const stoppedAt = Date.now();
  pg('stop');
  await sleep(5000);
  pg('start');
  while (!pgReady()) await sleep(100);
  const startedAt = Date.now();
  await sleep(10_000);
  await run.stop();
  const end = Date.now();
  server.child.kill('SIGTERM');
  await server.exited;

  const firstOkAfter = run.samples
    .filter((s) => s.at >= startedAt && s.outcome === 'ok')
    .sort((a, b) => a.at - b.at)[0];
  return {
    before: summarise(run.samples, t0, stoppedAt),
    databaseDown: summarise(run.samples, stoppedAt, startedAt),
    afterRestart: summarise(run.samples, startedAt, end),
    recoveredAfterMs: firstOkAfter ? firstOkAfter.at + firstOkAfter.ms - startedAt : null,
  };
}

async function sigtermUnderLoad() {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB}`;
  const server = await startServer({ DATABASE_URL: url.toString(), BCRYPT_ROUNDS: '12' });
  const email = `sigterm-${Date.now()}@example.com`;
  const password = 'reliability passphrase';
  const accessToken = await signUp(server.url, 'S', email, password);
  const run = load(server.url, accessToken, email, password);
  await sleep(2000);
  const signalAt = Date.now();
  server.child.kill('SIGTERM');
  const exitCode = await server.exited;
  const exitedAt = Date.now();
  await sleep(500);
  await run.stop();
  const inFlight = run.samples.filter((s) => s.at < signalAt && s.at + s.ms >= signalAt);
  return {
    before: summarise(run.samples, 0, signalAt),
    inFlightAtSignal: { requests: inFlight.length, outcomes: summarise(inFlight, 0, Infinity).outcomes },
    afterSignal: summarise(run.samples, signalAt, Infinity),
    exitCode,
    shutdownMs: exitedAt - signalAt,
  };
}

async function main() {
  if (!pgReady()) throw new Error('PostgreSQL is not answering on 127.0.0.1:5432');
  const report = {
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    at: new Date().toISOString(),
    databaseRestart: await databaseRestart(),
    sigterm: await sigtermUnderLoad(),
  };
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.end();
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(join(ROOT, 'reliability-report.json'), JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  if (!pgReady()) pg('start');
  console.error(error);
  process.exit(1);
});
