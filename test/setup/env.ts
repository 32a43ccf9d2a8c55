// Every test process: a low bcrypt cost and one shared secret, so several app instances accept each other's tokens.
process.env.NODE_ENV = 'test';
process.env.BCRYPT_ROUNDS ??= '4';
process.env.JWT_SECRET ??= 'test-secret-that-is-at-least-32-bytes-long!!';
