export * from './flow/provider-flow.entity';
export * from './identity-providers.module';
export * from './user-identity.entity';
