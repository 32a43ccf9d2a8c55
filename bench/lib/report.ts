import type { LoadResult } from './load';

export interface Report {
  when: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; postgres: string };
  options: object;
  database: 'server' | 'embedded';
  results: Record<string, LoadResult>;
  rss: { idleMb: number; afterRunMb: number };
  mailsAccepted: number;
  scale?: { users: number; seedSeconds: number; viewer: LoadResult; viewerUncached: LoadResult; login: LoadResult };
  seconds: number;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const pad = (value: string | number, width: number) => String(value).padStart(width);

/** Prints the table and the ratios (stdout), and returns the report with its ratios for the JSON file. */
export function report(input: Report): Report & { ratios: Record<string, number> } {
  const { results, scale } = input;
  const ratios: Record<string, number> = {
    'viewer / raw floor (req/s)': ratio(
      results.viewer.requestsPerSecond,
      results['raw floor (viewer)'].requestsPerSecond,
    ),
    'viewer, session cache off / raw floor (req/s)': ratio(
      results['viewer, session cache off'].requestsPerSecond,
      results['raw floor (viewer)'].requestsPerSecond,
    ),
    'login / bcrypt ceiling (req/s)': ratio(
      results.login.requestsPerSecond,
      results['bcrypt ceiling'].requestsPerSecond,
    ),
    'login / bcrypt ceiling, 4 connections (req/s)': ratio(
      results['login, 4 connections'].requestsPerSecond,
      results['bcrypt ceiling, 4 at once'].requestsPerSecond,
    ),
    'viewer / constant query (req/s)': ratio(
      results.viewer.requestsPerSecond,
      results['constant query (no auth, no DB)'].requestsPerSecond,
    ),
    'constant query / raw floor (req/s)': ratio(
      results['constant query (no auth, no DB)'].requestsPerSecond,
      results['raw floor (viewer)'].requestsPerSecond,
    ),
    'requestPasswordReset p50, account / none (single requests)': ratio(
      results['requestPasswordReset, account (single)'].p50,
      results['requestPasswordReset, none (single)'].p50,
    ),
  };
  if (scale) {
    const small = results.viewer.requestsPerSecond;
    // Cost per request: how much more time a request takes with the big table (req/s inverted).
    ratios[`viewer cost, ${scale.users.toLocaleString('en')} / ${users(input)} users`] = ratio(
      small,
      scale.viewer.requestsPerSecond,
    );
    ratios[`viewer cost, cache off, ${scale.users.toLocaleString('en')} / ${users(input)} users`] = ratio(
      results['viewer, session cache off'].requestsPerSecond,
      scale.viewerUncached.requestsPerSecond,
    );
    ratios[`login cost, ${scale.users.toLocaleString('en')} / ${users(input)} users`] = ratio(
      results.login.requestsPerSecond,
      scale.login.requestsPerSecond,
    );
  }

  const { machine } = input;
  const opts = input.options as { connections: number; durationSeconds: number; bcryptRounds: number };
  const lines = [
    '',
    `Doorman benchmark, ${input.when}`,
    `${machine.cpu} x${machine.cores}, ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres} (${input.database === 'embedded' ? 'embedded, PGlite' : 'server'})`,
    `${users(input)} users, bcrypt cost ${opts.bcryptRounds}, ${opts.connections} connections, ${opts.durationSeconds} s per row after a warm-up`,
    '',
    `| ${'what'.padEnd(40)} | ${pad('req/s', 8)} | ${pad('p50 ms', 7)} | ${pad('p99 ms', 7)} | ${pad('errors', 6)} |`,
    `|${'-'.repeat(42)}|${'-'.repeat(10)}|${'-'.repeat(9)}|${'-'.repeat(9)}|${'-'.repeat(8)}|`,
  ];
  const row = (name: string, r: LoadResult) =>
    lines.push(
      `| ${name.padEnd(40)} | ${pad(r.requestsPerSecond, 8)} | ${pad(r.p50, 7)} | ${pad(r.p99, 7)} | ${pad(r.errors, 6)} |`,
    );
  for (const [name, result] of Object.entries(results)) row(name, result);
  if (scale) {
    row(`viewer, ${scale.users.toLocaleString('en')} users`, scale.viewer);
    row(`viewer, cache off, ${scale.users.toLocaleString('en')} users`, scale.viewerUncached);
    row(`login, ${scale.users.toLocaleString('en')} users`, scale.login);
  }
  lines.push('', 'Ratios:');
  for (const [name, value] of Object.entries(ratios)) lines.push(`  ${name.padEnd(52)} ${value}`);
  lines.push('', `Server RSS: ${input.rss.idleMb} MB idle after start, ${input.rss.afterRunMb} MB idle after the run`);
  if (scale) lines.push(`Seeded ${scale.users.toLocaleString('en')} users in ${Math.round(scale.seedSeconds)} s`);
  lines.push(`Mail accepted by the SMTP sink: ${input.mailsAccepted}; whole run ${input.seconds} s`, '');
  console.log(lines.join('\n'));
  return { ...input, ratios };
}

const users = (input: Report) => (input.options as { users: number }).users.toLocaleString('en');
