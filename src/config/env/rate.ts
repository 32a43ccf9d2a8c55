import { parseDurationSeconds } from './duration';

/** A rate limit: at most `limit` hits in any window of `ttlMs`. */
export interface RateLimit {
  limit: number;
  ttlMs: number;
}

/** Parses "10/1m" (count/duration, spaces allowed) into { limit: 10, ttlMs: 60000 }; null when malformed. */
export function parseRate(value: string): RateLimit | null {
  const match = /^\s*(\d+)\s*\/\s*([^/]+)$/.exec(value);
  const seconds = match ? parseDurationSeconds(match[2]) : null;
  const limit = match ? Number(match[1]) : 0;
  return Number.isSafeInteger(limit) && limit > 0 && seconds ? { limit, ttlMs: seconds * 1000 } : null;
}
