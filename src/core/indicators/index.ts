export * from './periods.ts';
export * from './disaggregations.ts';
export * from './definitions.ts';
export * from './suppression.ts';
export * from './access.ts';
export * from './result.ts';
