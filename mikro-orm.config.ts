import 'reflect-metadata';
import { AuthEvent } from './src/audit';
import { EmailToken } from './src/account-recovery';
import { ProviderFlow, UserIdentity } from './src/identity-providers';
import { databaseConfig } from './src/config';
import { DatabaseTarget, ormOptions } from './src/database';
import { Passkey, PasskeyChallenge } from './src/passkeys';
import { LoginFailure } from './src/passwords';
import { RefreshToken, Session } from './src/sessions';
import { RecoveryCode, TwoFactorChallenge, TwoFactorCredential } from './src/two-factor';
import { User } from './src/users';

/** Every entity, for the CLI (and scripts) only: in the app, each module registers its own. */
export const ENTITIES = [
  User,
  Session,
  RefreshToken,
  LoginFailure,
  AuthEvent,
  EmailToken,
  TwoFactorCredential,
  RecoveryCode,
  TwoFactorChallenge,
  UserIdentity,
  ProviderFlow,
  Passkey,
  PasskeyChallenge,
];

/**
 * The MikroORM CLI's configuration: the app's own options, on DATABASE_URL or, without it, on the
 * embedded database in PGLITE_DIR (started here and stopped when the command is done).
 */
export default async () => {
  const config = databaseConfig();
  const target = await DatabaseTarget.open(config);
  target.closeWhenIdle();
  return ormOptions({ clientUrl: target.clientUrl, poolMax: target.poolMax, debug: config.debug, entities: ENTITIES });
};
