import { MikroORM } from '@mikro-orm/postgresql';
import { startApp, type TestApp } from './helpers/app';

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('leave the database exactly as the entities describe it', async () => {
    const orm = t.app.get(MikroORM);
    await expect(orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).resolves.toBe('');
    await expect(orm.getMigrator().getPendingMigrations()).resolves.toEqual([]);
  });
});
