import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { describeForLog } from './to-graphql-error';

const HASH = '$2b$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234';

function driverError(): DriverException {
  const pg = Object.assign(
    new Error(
      `insert into "users" ("email", "password_hash") values ('a@example.com', '${HASH}') - new row violates check constraint`,
    ),
    {
      code: '23514',
      table: 'users',
      constraint: 'users_email_lower_case',
      detail: `Failing row contains (a@example.com, ${HASH}).`,
    },
  );
  return new UniqueConstraintViolationException(pg);
}

describe('describeForLog', () => {
  it('logs a driver error by class, SQLSTATE, table and constraint, without the inlined SQL or row', () => {
    const line = describeForLog(driverError());
    expect(line).toMatch(/^UniqueConstraintViolationException \[23514\] table=users constraint=users_email_lower_case/);
    expect(line).not.toContain(HASH);
    expect(line).not.toContain('insert into');
    expect(line).toMatch(/\n\s+at /);
  });

  it('logs any other error with its stack, and a non-error as text', () => {
    const error = new Error('boom');
    expect(describeForLog(error)).toBe(error.stack);
    expect(describeForLog('plain')).toBe('plain');
  });
});
