export * from './csv.ts';
export * from './regions.ts';
export * from './deidentify.ts';
