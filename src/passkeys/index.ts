export * from './entities';
export { PasskeysService } from './passkeys.service';
export * from './passkeys.module';
