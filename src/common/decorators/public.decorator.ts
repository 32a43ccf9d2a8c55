import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'doorman:isPublic';

/** Opts a resolver or handler out of the global session guard. Everything else needs a live session. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
