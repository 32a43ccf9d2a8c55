export * from './recovery-code.entity';
export * from './two-factor-challenge.entity';
export * from './two-factor-credential.entity';
