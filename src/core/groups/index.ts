export * from './schema.ts';
export * from './schedule.ts';
export * from './stage.ts';
export * from './attendance.ts';
export * from './api.ts';
