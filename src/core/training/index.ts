export * from './events.ts';
export * from './tests.ts';
export * from './pathway.ts';
export * from './certificates.ts';
export * from './courses.ts';
