import { ConnectionException, DriverException } from '@mikro-orm/core';
import { isDatabaseUnavailable } from './to-graphql-error';

const driverError = (message: string, code?: string) =>
  new DriverException(Object.assign(new Error(message), { code }));

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a connection exception', new ConnectionException(new Error('boom'))],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'a statement timeout',
      driverError('update "users" set ... - canceling statement due to statement timeout', '57014'),
    ],
    ['a lock timeout', driverError('update "users" ... - canceling statement due to lock timeout', '55P03')],
    ['a deadlock', driverError('update ... - deadlock detected', '40P01')],
    [
      'an exhausted pool',
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
        name: 'KnexTimeoutError',
      }),
    ],
    ['a closed pool', driverError('Unable to acquire a connection')],
    ['a dropped connection', driverError('select 1 - Connection terminated unexpectedly')],
  ])('says yes for %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a unique violation',
      driverError('insert into "users" ... - duplicate key value violates unique constraint', '23505'),
    ],
    [
      'a bug whose SQL quotes a user value that looks like an outage',
      driverError(`insert into "users" ("name") values ('Connection terminated') - value too long`, '22001'),
    ],
    ['an ordinary error', new TypeError('cannot read properties of undefined')],
    ['a non-error', 'Connection terminated'],
  ])('says no for %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
