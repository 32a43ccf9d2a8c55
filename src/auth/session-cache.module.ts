import { Module } from '@nestjs/common';
import { SessionCache } from './session-cache';

/** The one session cache of this process, for the guard and for every path that changes a session or user. */
@Module({ providers: [SessionCache], exports: [SessionCache] })
export class SessionCacheModule {}
