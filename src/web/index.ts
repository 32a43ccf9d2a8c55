export * from './graphiql.plugin';
export * from './web-client';
