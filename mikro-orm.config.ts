import 'reflect-metadata';
import { databaseConfig } from './src/config';
import { DatabaseTarget } from './src/database/database-target';
import { ormOptions } from './src/database/orm-options';

/**
 * The MikroORM CLI's configuration: the app's own options, on DATABASE_URL or, without it, on the
 * embedded database in PGLITE_DIR (started here and stopped when the command is done).
 */
export default async () => {
  const config = databaseConfig();
  const target = await DatabaseTarget.open(config);
  target.closeWhenIdle();
  return ormOptions({ clientUrl: target.clientUrl, poolMax: target.poolMax, debug: config.debug });
};
