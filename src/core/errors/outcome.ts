import type { ErrorCode } from './catalogue.ts';

/**
 * A failed outcome is a value, not a thrown string: stores and routes return or throw a
 * `Problem`, and one handler turns it into an HTTP response (src/server/http/errors.ts).
 */
export class Problem extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(code);
    this.name = 'Problem';
  }
}

export const notFound = () => new Problem('NOT_FOUND');
export const forbidden = () => new Problem('FORBIDDEN');
export const badRequest = (detail: string, field?: string) =>
  field ? new Problem('VALIDATION', { field, detail }, field) : new Problem('BAD_REQUEST', { detail });
