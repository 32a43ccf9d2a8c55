export * from './database-target';
export * from './database.module';
export * from './orm-options';
