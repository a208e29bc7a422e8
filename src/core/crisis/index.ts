export * from './schema.ts';
export * from './classify.ts';
export * from './guidance.ts';
export * from './steps.ts';
export * from './follow-up.ts';
