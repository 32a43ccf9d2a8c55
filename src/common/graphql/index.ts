export * from './json-object.scalar';
