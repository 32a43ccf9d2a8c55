export * from './passkey.entity';
export * from './passkey-challenge.entity';
