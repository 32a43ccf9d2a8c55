import { type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { UnauthenticatedError } from '../common/errors';
import { requestOf } from '../common/http/request';
import { validateInput } from '../common/validation';
import { INVALID_CREDENTIALS } from '../passwords';
import type { SignedIn } from './login.service';
import type { SignInRequest } from './signed-in.decorator';
import { LoginInput } from './dto/login.input';

/** Runs Passport's local strategy on the `login` mutation's input, validated first like any input. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { input } = GqlExecutionContext.create(context).getArgs<{ input: unknown }>();
    requestOf<SignInRequest>(context).body = await validateInput(LoginInput, input);
    return (await super.canActivate(context)) as boolean;
  }

  getRequest(context: ExecutionContext) {
    return requestOf<SignInRequest>(context);
  }

  // Any failure Passport reports (missing field, unknown email, wrong password) reads the same.
  handleRequest<TUser = SignedIn>(error: unknown, user: TUser | false): TUser {
    if (error instanceof Error) throw error;
    if (!user) throw new UnauthenticatedError(INVALID_CREDENTIALS);
    return user;
  }
}
