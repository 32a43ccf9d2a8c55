export * from './models/auth-payload.model';
export * from './tokens.module';
export * from './tokens.service';
export * from './transport/access-token';
export * from './transport/auth-cookies';
export * from './transport/cookie-transport.interceptors';
export * from './transport/request-cookies.decorator';
