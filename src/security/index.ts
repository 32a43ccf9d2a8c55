export * from './gql-throttler.guard';
export * from './graphql-limits';
export * from './http-hardening';
export * from './rate-limit.decorators';
export * from './rate-limit.registry';
export * from './security.module';
