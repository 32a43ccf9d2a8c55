import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { authConfig } from '../config';
import { jwtOptions } from './jwt.options';
import { TokensService } from './tokens.service';
import { AuthCookies } from './transport/auth-cookies';

/**
 * What a client holds: short-lived access tokens (HS256 JWTs naming a user and a session), and the
 * browser's way of holding them (HttpOnly cookies). Refresh tokens belong to their session (sessions/).
 */
@Module({
  imports: [JwtModule.registerAsync({ inject: [authConfig.KEY], useFactory: jwtOptions })],
  providers: [TokensService, AuthCookies],
  exports: [TokensService, AuthCookies],
})
export class TokensModule {}
