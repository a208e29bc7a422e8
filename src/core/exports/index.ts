export * from './csv.ts';
export * from './regions.ts';
export * from './deidentify.ts';
export * from './dhis2.ts';
