export * from './client-info.decorator';
export * from './public.decorator';
