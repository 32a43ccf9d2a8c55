import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { clientInfoOf } from '../common/decorators';
import { UnauthenticatedError } from '../common/errors';
import { INVALID_CREDENTIALS, PasswordsService } from '../passwords';
import type { User } from '../users';

/** Passport's local strategy: an email and a password, checked by the passwords room. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly passwords: PasswordsService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: FastifyRequest, email: string, password: string): Promise<User> {
    const user = await this.passwords.checkLogin(email, password, clientInfoOf(req));
    if (!user) throw new UnauthenticatedError(INVALID_CREDENTIALS);
    return user;
  }
}
