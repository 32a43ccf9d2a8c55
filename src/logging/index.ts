export * from './graphql-outcome.plugin';
export * from './logging.module';
