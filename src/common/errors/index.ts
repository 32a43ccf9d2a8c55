export * from './domain.errors';
export * from './format-error';
export * from './graphql-exception.filter';
export * from './to-graphql-error';
