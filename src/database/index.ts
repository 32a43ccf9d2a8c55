export * from './database-target';
export * from './database.module';
