import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every test process: a low bcrypt cost and one shared secret, so several app instances accept each other's tokens.
process.env.NODE_ENV = 'test';
process.env.BCRYPT_ROUNDS ??= '4';
process.env.JWT_SECRET ??= 'test-secret-that-is-at-least-32-bytes-long!!';
// Set, so no test writes the development key file into the work tree.
process.env.DATA_ENCRYPTION_KEY ??= 'test-data-encryption-key-at-least-32-bytes-long';
// Rate limits are tested where they are the subject (abuse.e2e-spec.ts); elsewhere they stay out of the way.
process.env.RATE_LIMIT_SIGNUP_PER_IP ??= '100000/1h';
process.env.RATE_LIMIT_LOGIN_PER_IP ??= '100000/1m';
process.env.RATE_LIMIT_LOGIN_PER_EMAIL ??= '100000/1m';
process.env.RATE_LIMIT_REFRESH_PER_SESSION ??= '100000/1m';
process.env.RATE_LIMIT_REFRESH_PER_IP ??= '100000/1m';
process.env.RATE_LIMIT_MAIL_PER_EMAIL ??= '100000/1h';
process.env.RATE_LIMIT_MAIL_PER_IP ??= '100000/1h';
process.env.RATE_LIMIT_PROVIDER_PER_IP ??= '100000/1m';
// Without SMTP_URL, mail goes to the development outbox: a directory of this process's own.
process.env.MAIL_OUTBOX_DIR ??= join(tmpdir(), `doorman-test-mail-${process.pid}`);
// A failed send is retried quickly, so tests of retries finish in milliseconds.
process.env.MAIL_RETRY_DELAY_MS ??= '50';
process.env.MAIL_TIMEOUT_MS ??= '2000';
delete process.env.SMTP_URL;
// Apps under test keep rate limits in memory unless a test asks for Redis (TEST_REDIS_URL) on purpose.
if (process.env.REDIS_URL) process.env.TEST_REDIS_URL ??= process.env.REDIS_URL;
delete process.env.REDIS_URL;
// Quiet test output: errors only (a test that reads logs asks for more).
process.env.LOG_LEVEL ??= 'error';
