/**
 * The one way the web app talks to the server: JSON over fetch, with the chosen language in
 * `Accept-Language` so that the server's error messages come in it. Every failure becomes an
 * `ApiError`: the server's `{ code, message, field }`, or NETWORK when the server cannot be reached,
 * or UNEXPECTED when something in between (a proxy, a crash) answered with something else.
 */
export const NETWORK = 'NETWORK';
export const UNEXPECTED = 'UNEXPECTED';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ApiHooks {
  lang(): string;
  /** The session ended (idle timeout, logged out elsewhere, account deactivated). */
  onSessionEnded(): void;
}

let hooks: ApiHooks = { lang: () => 'vi', onSessionEnded: () => {} };

export function configureApi(next: ApiHooks): void {
  hooks = next;
}

export interface RequestOptions {
  /** A 401 here means "not logged in yet", not "the session ended" (the first look at /api/me). */
  anonymousOk?: boolean;
}

interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string' && typeof (value as ErrorBody).message === 'string';
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': hooks.lang() };
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, NETWORK, 'network');
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;
  if (!isErrorBody(data)) throw new ApiError(res.status, UNEXPECTED, `HTTP ${res.status}`);
  if (data.code === 'UNAUTHENTICATED' && !options.anonymousOk) hooks.onSessionEnded();
  throw new ApiError(res.status, data.code, data.message, data.field);
}
