import { z } from 'zod';
import { parseDecimal } from './decimal';
import { parseDurationSeconds } from './duration';
import { parseRate } from './rate';
import { uriPattern } from './uri';

/*
 * Building blocks of the environment schema. Values arrive as strings and are converted the way Joi
 * converted them, and each message is what Joi said, without the name: validateEnv puts
 * "VARIABLE" in front, so the wording a deployment or a test greps for did not change with zod.
 */

/** A string; empty is refused unless the field says otherwise (`optional`, `withDefault`). */
export const text = () =>
  z.string({ error: 'must be a string' }).min(1, { error: 'is not allowed to be empty', abort: true });

function toNumber(value: unknown, ctx: z.RefinementCtx): unknown {
  const decimal = typeof value === 'string' ? parseDecimal(value) : null;
  if (!decimal) return value;
  if (!decimal.safe) ctx.addIssue({ code: 'custom', input: value, message: 'must be a safe number' });
  return decimal.value;
}

export const integer = (min: number, max: number, tooSmall = `must be greater than or equal to ${min}`) =>
  z.preprocess(
    toNumber,
    z
      .number({ error: 'must be a number' })
      .refine(Number.isInteger, 'must be an integer')
      .min(min, tooSmall)
      .max(max, `must be less than or equal to ${max}`),
  );

const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65_535;

export const port = () =>
  z.preprocess(toNumber, z.number({ error: 'must be a number' }).refine(isPort, 'must be a valid port'));

// Joi's boolean: true/false in any case, plus 1 and 0.
const BOOLEANS = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);
const toBoolean = (value: unknown) =>
  typeof value === 'string' ? (BOOLEANS.get(value.toLowerCase()) ?? value) : value;

export const flag = () => z.preprocess(toBoolean, z.boolean({ error: 'must be a boolean' }));

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of [${values.join(', ')}]` });

export const uri = (schemes: readonly string[]) =>
  text().regex(uriPattern(schemes), `must be a valid uri with a scheme matching the ${schemes.join('|')} pattern`);

const durationText = text().transform(
  (raw, ctx) => parseDurationSeconds(raw) ?? reject(ctx, raw, 'must be a duration such as 900, 900s, 15m, 12h or 30d'),
);
const rateText = text().transform(
  (raw, ctx) => parseRate(raw) ?? reject(ctx, raw, 'must be a rate such as 10/1m (count/duration)'),
);

/** Whole seconds. The default is written as in .env.example ("15m"). */
export const duration = (fallback: string) => durationText.default(parsedDefault(parseDurationSeconds, fallback));
/** "10/1m": at most 10 in any minute, converted to { limit, ttlMs }. */
export const rate = (fallback: string) => rateText.default(parsedDefault(parseRate, fallback));

function parsedDefault<T>(parse: (value: string) => T | null, fallback: string): T {
  const value = parse(fallback);
  if (value === null) throw new Error(`Invalid default "${fallback}" in the environment schema`);
  return value;
}

export function reject(ctx: z.RefinementCtx<string>, input: string, message: string): never {
  ctx.addIssue({ code: 'custom', input, message });
  return z.NEVER;
}

// Joi's `.empty('')`: an empty variable counts as unset, so the default applies or it is missing.
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());

export const withDefault = <T extends z.ZodType>(schema: T, value: z.util.NoUndefined<z.output<T>>) =>
  z.preprocess(unsetIfEmpty, schema.default(value));

/** Unset or empty fails with "is required when NODE_ENV=production" and `why`; otherwise `schema` decides. */
export const requiredInProduction = <T extends z.ZodType>(schema: T, why: string) =>
  z.preprocess((value, ctx) => {
    if (value === undefined || value === '') {
      ctx.addIssue({ code: 'custom', input: value, message: `is required when NODE_ENV=production${why}` });
    }
    return value;
  }, schema);
