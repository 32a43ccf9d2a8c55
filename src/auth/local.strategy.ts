import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { clientInfoOf } from '../common/decorators';
import { LoginService, type SignedIn } from './login.service';

/**
 * Passport's local strategy: an email and a password. Checking them and starting the session are
 * one transaction (LoginService.signIn), so what Passport hands the resolver is the signed-in result.
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly logins: LoginService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: FastifyRequest, email: string, password: string): Promise<SignedIn> {
    return this.logins.signIn(email, password, clientInfoOf(req));
  }
}
