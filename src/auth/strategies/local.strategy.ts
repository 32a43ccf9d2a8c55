import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { clientInfoOf } from '../../common/decorators';
import type { User } from '../../users/user.entity';
import { AuthService, INVALID_CREDENTIALS } from '../auth.service';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, email: string, password: string): Promise<User> {
    const user = await this.auth.validateCredentials(email, password, clientInfoOf(req));
    if (!user) throw new UnauthorizedException(INVALID_CREDENTIALS);
    return user;
  }
}
