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
  /** viewer through the same server with one per-request extra off at a time (the first row: none off). */
  ablation?: { off: string; what: string; result: LoadResult }[];
  /** Ratios measured in alternating pairs (the median round's); they take the place of the single-row ratio. */
  pairedRatios?: Record<string, number>;
  seconds: number;
}

interface Target {
  figure: string;
  value: number;
  /** 'min': the value must be at least `target`; 'max': below it (p99, RSS) or at most it (cost ratios). */
  kind: 'min' | 'max';
  target: number;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const pad = (value: string | number, width: number) => String(value).padStart(width);

/** Prints the table and the ratios (stdout), and returns the report with its ratios for the JSON file. */
export function report(
  input: Report,
): Report & { ratios: Record<string, number>; targets: (Target & { met: boolean })[] } {
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
  Object.assign(ratios, input.pairedRatios);
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
    `| ${'what'.padEnd(40)} | ${pad('req/s', 8)} | ${pad('p50 ms', 7)} | ${pad('p99 ms', 7)} | ${pad('errors', 6)} | ${pad('CPU µs/req', 10)} |`,
    `|${'-'.repeat(42)}|${'-'.repeat(10)}|${'-'.repeat(9)}|${'-'.repeat(9)}|${'-'.repeat(8)}|${'-'.repeat(12)}|`,
  ];
  const row = (name: string, r: LoadResult) =>
    lines.push(
      `| ${name.padEnd(40)} | ${pad(r.requestsPerSecond, 8)} | ${pad(r.p50, 7)} | ${pad(r.p99, 7)} | ${pad(r.errors, 6)} | ${pad(r.cpuUsPerRequest ?? '-', 10)} |`,
    );
  for (const [name, result] of Object.entries(results)) row(name, result);
  if (scale) {
    row(`viewer, ${scale.users.toLocaleString('en')} users`, scale.viewer);
    row(`viewer, cache off, ${scale.users.toLocaleString('en')} users`, scale.viewerUncached);
    row(`login, ${scale.users.toLocaleString('en')} users`, scale.login);
  }
  if (input.ablation?.length) {
    const cpu = (r: LoadResult) => r.cpuUsPerRequest ?? NaN;
    // The baseline is the mean of the two rows with nothing off (the first and the last).
    const bases = input.ablation.filter((row) => !row.off);
    const baseCpu = bases.reduce((sum, row) => sum + cpu(row.result), 0) / bases.length;
    lines.push(
      '',
      'Ablation: viewer with one extra off at a time (the same server otherwise, each in its own process).',
      'Its cost is the server CPU time per request it adds (against the mean of the two rows with nothing off):',
      'the figure other load on the machine moves least.',
      '',
      `| ${'off'.padEnd(40)} | ${pad('req/s', 8)} | ${pad('p99 ms', 7)} | ${pad('CPU µs/req', 10)} | ${pad('cost µs/req', 11)} | ${pad('share', 6)} |`,
      `|${'-'.repeat(42)}|${'-'.repeat(10)}|${'-'.repeat(9)}|${'-'.repeat(12)}|${'-'.repeat(13)}|${'-'.repeat(8)}|`,
    );
    for (const { off, what, result } of input.ablation) {
      const cost = Math.round(baseCpu - cpu(result));
      const first = !off;
      lines.push(
        `| ${what.padEnd(40)} | ${pad(result.requestsPerSecond, 8)} | ${pad(result.p99, 7)} | ${pad(cpu(result), 10)} | ${pad(first ? '-' : cost, 11)} | ${pad(first ? '-' : `${Math.round((100 * cost) / baseCpu)} %`, 6)} |`,
      );
    }
  }
  const targets = targetsOf(input, ratios);
  lines.push('', "Issue 12's targets:");
  for (const t of targets)
    lines.push(
      `  ${t.figure.padEnd(52)} ${pad(t.value, 7)}  target ${t.kind === 'min' ? '>=' : '<='} ${t.target}  ${t.met ? 'met' : 'MISSED'}`,
    );
  lines.push('', 'Ratios:');
  for (const [name, value] of Object.entries(ratios)) lines.push(`  ${name.padEnd(52)} ${value}`);
  lines.push('', `Server RSS: ${input.rss.idleMb} MB idle after start, ${input.rss.afterRunMb} MB idle after the run`);
  if (scale) lines.push(`Seeded ${scale.users.toLocaleString('en')} users in ${Math.round(scale.seedSeconds)} s`);
  lines.push(`Mail accepted by the SMTP sink: ${input.mailsAccepted}; whole run ${input.seconds} s`, '');
  console.log(lines.join('\n'));
  return { ...input, ratios, targets };
}

function targetsOf(input: Report, ratios: Record<string, number>): (Target & { met: boolean })[] {
  const { results, scale } = input;
  const list: Target[] = [
    { figure: 'viewer / raw floor', value: ratios['viewer / raw floor (req/s)'], kind: 'min', target: 0.5 },
    { figure: 'viewer p99, ms', value: results.viewer.p99, kind: 'max', target: 25 },
    {
      figure: 'login / bcrypt ceiling, 4 connections',
      value: ratios['login / bcrypt ceiling, 4 connections (req/s)'],
      kind: 'min',
      target: 0.95,
    },
    { figure: 'login / bcrypt ceiling', value: ratios['login / bcrypt ceiling (req/s)'], kind: 'min', target: 0.95 },
    { figure: 'RSS after the loaded run, MB', value: input.rss.afterRunMb, kind: 'max', target: 200 },
  ];
  if (scale) {
    const big = scale.users.toLocaleString('en');
    for (const name of [`viewer cost, ${big}`, `viewer cost, cache off, ${big}`, `login cost, ${big}`]) {
      const key = Object.keys(ratios).find((k) => k.startsWith(name));
      if (key) list.push({ figure: key, value: ratios[key], kind: 'max', target: 1.2 });
    }
  }
  return list.map((t) => ({ ...t, met: t.kind === 'min' ? t.value >= t.target : t.value <= t.target }));
}

const users = (input: Report) => (input.options as { users: number }).users.toLocaleString('en');
