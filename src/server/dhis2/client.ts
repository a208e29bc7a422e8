import { parseImportSummary, type Dhis2DataValueSet, type Dhis2ImportSummary } from '../../core/exports/dhis2.ts';
import type { Dhis2Connection, Dhis2SendReason, Dhis2SendOut } from './store.ts';

/** How long a DHIS2 import may take before we call the server unreachable. Large imports are slow. */
export const DHIS2_TIMEOUT_MS = 60_000;

/** An import summary with thousands of conflicts stays far below this; anything longer is not read. */
const MAX_ANSWER_BYTES = 20 * 1024 * 1024;

async function readCapped(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new RangeError('The answer is too long');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface Dhis2PostResult {
  status: Dhis2SendOut['status'];
  httpStatus: number | null;
  reason: Dhis2SendReason | null;
  import: Dhis2ImportSummary | null;
}

/**
 * POSTs a data value set to `${baseUrl}/api/dataValueSets?dryRun=…&importStrategy=CREATE_AND_UPDATE`
 * with basic authentication (DHIS2 developer manual, Web API, "Data values"). Never throws for
 * what the network or DHIS2 does: an unreachable server, a refused password, a login page instead
 * of JSON all become a result to record and show. Redirects are not followed: DHIS2 answers a
 * wrong password with a redirect to its login page in some versions, and following a redirect
 * elsewhere would carry the Authorization header to another address. Nothing here logs: neither
 * the password nor the header ever reach a log line, and error texts (which could name the
 * address) are reduced to a reason code.
 */
export async function postDataValueSet(connection: Dhis2Connection, payload: Dhis2DataValueSet, dryRun: boolean, timeoutMs = DHIS2_TIMEOUT_MS): Promise<Dhis2PostResult> {
  const url = `${connection.baseUrl}/api/dataValueSets?dryRun=${dryRun}&importStrategy=CREATE_AND_UPDATE`;
  const authorization = `Basic ${Buffer.from(`${connection.username}:${connection.password}`, 'utf8').toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { status: 'unreachable', httpStatus: null, reason: timedOut ? 'timeout' : 'unreachable', import: null };
  }
  const httpStatus = res.status;
  if (httpStatus === 401 || httpStatus === 403) {
    await res.body?.cancel();
    return { status: 'error', httpStatus, reason: 'auth_failed', import: null };
  }
  if (httpStatus >= 300 && httpStatus < 400) {
    await res.body?.cancel();
    return { status: 'error', httpStatus, reason: 'redirected', import: null };
  }
  let body: unknown = null;
  try {
    body = JSON.parse(await readCapped(res, MAX_ANSWER_BYTES));
  } catch {
    /* not JSON (a proxy's page, a login form, another server), or too long to be a summary */
  }
  const summary = parseImportSummary(body);
  if (summary) return { status: summary.status, httpStatus, reason: null, import: summary };
  return { status: 'error', httpStatus, reason: httpStatus >= 500 ? 'server_error' : 'not_dhis2', import: null };
}
