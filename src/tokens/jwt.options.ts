import type { JwtModuleOptions } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { AuthConfig } from '../config';

/** HS256 only, both ways. */
export const jwtOptions = (config: AuthConfig): JwtModuleOptions => ({
  // A KeyObject: given a string, jsonwebtoken first tries (slowly) to parse it as a PEM key.
  secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
  signOptions: { algorithm: 'HS256' },
  verifyOptions: { algorithms: ['HS256'] },
});
