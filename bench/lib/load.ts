import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers, GraphQL errors, timeouts and connection errors. */
  errors: number;
  /**
   * CPU time the server process spent per request in the window (user + system, all its threads),
   * in microseconds: unlike req/s, hardly moved by whatever else the machine is doing.
   */
  cpuUsPerRequest?: number;
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of a process so far, in microseconds (Linux /proc). */
function cpuUs(pid: number): number {
  // Fields after the command name (which may hold spaces), from the third: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
}

export interface Operation {
  /** The GraphQL body and headers of the next request on this connection. */
  next(connection: Connection): { body: string; token?: string };
  /** Called with each answer (only when set: reading bodies costs the load generator time). */
  answered?(connection: Connection, body: string): void;
}

export type Connection = Record<string, unknown>;

/**
 * Fixed concurrency for a fixed time, after a warm-up that is not recorded. Between the two the
 * server is given time to finish what the warm-up left in flight (for login, a second of bcrypt),
 * so the measured window does not pay for it. Requests still in flight when the window closes are
 * not counted; the bcrypt ceiling counts the same way.
 */
export async function measure(
  server: { url: string; pid?: number },
  operation: Operation,
  connections: number,
  durationSeconds: number,
  warmupSeconds: number,
): Promise<LoadResult> {
  const { url, pid: serverPid } = server;
  if (warmupSeconds > 0) {
    const warm = await run(url, operation, connections, warmupSeconds);
    await new Promise((r) => setTimeout(r, Math.min(10_000, Math.max(250, warm.p99 * 1.5))));
  }
  const before = serverPid ? cpuUs(serverPid) : 0;
  const result = await run(url, operation, connections, durationSeconds);
  if (!serverPid || !result.requests) return result;
  return { ...result, cpuUsPerRequest: Math.round((cpuUs(serverPid) - before) / result.requests) };
}

async function run(url: string, operation: Operation, connections: number, duration: number): Promise<LoadResult> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context: object) => {
          const { body, token } = operation.next(context as Connection);
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (token) headers.authorization = `Bearer ${token}`;
          return { ...req, method: 'POST', path: '/graphql', headers, body };
        },
        onResponse: (status: number, body: string, context: object) => {
          if (status === 200 && body.includes('"errors"')) graphqlErrors += 1;
          operation.answered?.(context as Connection, body);
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    requestsPerSecond: Math.round((requests / result.duration) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    errors: result.non2xx + result.errors + result.timeouts + graphqlErrors,
  };
}
