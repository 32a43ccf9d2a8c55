import { Injectable } from '@nestjs/common';
import { ClearCookiesInterceptor } from '../tokens';
import { LogoutScope } from './dto/logout-scope.enum';

/** Logout clears this browser's cookies, unless it ended only the other sessions (scope OTHERS). */
@Injectable()
export class LogoutCookiesInterceptor extends ClearCookiesInterceptor {
  protected keepsSession(args: Record<string, unknown>): boolean {
    return args.scope === LogoutScope.OTHERS;
  }
}
