export { loadEnv } from './env';
export { type Env, type RateLimit, validateEnv } from './env.validation';
