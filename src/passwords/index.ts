export * from './login-failure.entity';
export * from './password.rules';
export * from './passwords.module';
export * from './passwords.service';
