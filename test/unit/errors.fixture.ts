import { Logger } from '@nestjs/common';

/** What a driver error carries: the SQL and the values, an address among them, that must never reach a client. */
export const SQL_ERROR = new Error(
  'insert into "users" ("email", "name") values (\'alice@example.com\', \'Alice\') - duplicate key value violates unique constraint "users_email_unique"',
);

/** Keeps Logger#error out of the test output and hands back its spy; restore it with jest.restoreAllMocks(). */
export const silenceLogError = (): jest.SpyInstance => jest.spyOn(Logger.prototype, 'error').mockImplementation();
