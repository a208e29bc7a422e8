export * from './schema.ts';
export * from './lifecycle.ts';
export * from './due.ts';
export * from './code.ts';
export * from './fhir.ts';
export * from './indicators.ts';
