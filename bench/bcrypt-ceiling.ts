/**
 * The bcrypt ceiling: how many password checks per second this machine can do at a given cost and
 * concurrency, with the same pre-hash and the same async bcrypt as login. No login can beat it.
 * Prints one JSON line: { perSecond, p50, p99 }. Run by bench/run.ts in a process of its own.
 * Like the load generator, it counts only checks that finished inside the window.
 */
import * as bcrypt from 'bcrypt';
import { prehash } from '../src/passwords/password.hasher';

async function main(): Promise<void> {
  const [rounds, concurrency, seconds] = process.argv.slice(2).map(Number);
  const password = 'correct horse battery staple bench';
  const hash = await bcrypt.hash(prehash(password), rounds);
  const latencies: number[] = [];
  const run = async (until: number) => {
    while (Date.now() < until) {
      const start = performance.now();
      await bcrypt.compare(prehash(password), hash);
      if (Date.now() <= until) latencies.push(performance.now() - start);
    }
  };
  // A short warm-up, then the measured window.
  await Promise.all(Array.from({ length: concurrency }, () => run(Date.now() + 1_000)));
  latencies.length = 0;
  await Promise.all(Array.from({ length: concurrency }, () => run(Date.now() + seconds * 1000)));
  const elapsed = seconds;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  console.log(
    JSON.stringify({ perSecond: Math.round((latencies.length / elapsed) * 10) / 10, p50: at(0.5), p99: at(0.99) }),
  );
}

void main();
