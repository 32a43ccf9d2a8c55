import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124234223 } from './Migration20261124234223';
import { Migration20261125000211 } from './Migration20261125000211';
import { Migration20261125002353 } from './Migration20261125002353';
import { Migration20261125010745 } from './Migration20261125010745';
import { Migration20261125020527 } from './Migration20261125020527';
import { Migration20261125030000 } from './Migration20261125030000';
import { Migration20261202052905 } from './Migration20261202052905';
import { Migration20261202060000 } from './Migration20261202060000';
import { Migration20261202062620 } from './Migration20261202062620';

/** Every migration, oldest first. `npm run migration:create` writes a file here: add it to this list. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124234223', class: Migration20261124234223 },
  { name: 'Migration20261125000211', class: Migration20261125000211 },
  { name: 'Migration20261125002353', class: Migration20261125002353 },
  { name: 'Migration20261125010745', class: Migration20261125010745 },
  { name: 'Migration20261125020527', class: Migration20261125020527 },
  { name: 'Migration20261125030000', class: Migration20261125030000 },
  { name: 'Migration20261202052905', class: Migration20261202052905 },
  { name: 'Migration20261202060000', class: Migration20261202060000 },
  { name: 'Migration20261202062620', class: Migration20261202062620 },
];
