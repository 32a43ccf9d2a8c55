export * from './code-points.validator';
export * from './transforms';
export * from './validation';
export * from './uuid';
