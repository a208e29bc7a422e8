export * from './schema.ts';
export * from './feedback.ts';
export * from './summary.ts';
