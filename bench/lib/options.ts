/** `npm run bench -- [--embedded] [--scale] [--duration=10] [--connections=32] [--users=1000] [--rounds=3] [--scale-users=1000000] [--out=bench/results.json]` */
export interface BenchOptions {
  embedded: boolean;
  scale: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  users: number;
  scaleUsers: number;
  bcryptRounds: number;
  /** Rounds of each alternating pair behind a target ratio (viewer / floor, login / bcrypt). */
  rounds: number;
  out: string;
  adminUrl: string;
}

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const known = [
    'embedded',
    'scale',
    'duration',
    'warmup',
    'connections',
    'users',
    'scale-users',
    'bcrypt-rounds',
    'rounds',
    'out',
    'admin-url',
  ];
  const unknown = [...flags.keys()].filter((flag) => !known.includes(flag));
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const int = (name: string, fallback: number) => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  return {
    embedded: flags.has('embedded'),
    scale: flags.has('scale'),
    durationSeconds: int('duration', 10),
    warmupSeconds: int('warmup', 2),
    connections: int('connections', 32),
    users: int('users', 1_000),
    scaleUsers: int('scale-users', 1_000_000),
    // The lowest cost a production server accepts; pass --bcrypt-rounds=12 for the default config.
    bcryptRounds: int('bcrypt-rounds', 10),
    rounds: int('rounds', 3),
    out: flags.get('out') ?? (flags.has('embedded') ? 'bench/results-embedded.json' : 'bench/results.json'),
    adminUrl: flags.get('admin-url') ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}
