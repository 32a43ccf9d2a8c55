export * from './client-info.decorator';
export * from './current-user.decorator';
export * from './public.decorator';
