import path from 'node:path';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../core/auth/session-policy.ts';

/** Every setting comes from the environment; README lists them all. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  session: SessionPolicy;
  /** How many reverse proxies stand in front (0: none); see proxyHops. */
  trustProxy: number;
  logLevel: string;
  bodyLimitBytes: number;
  webDir: string;
  production: boolean;
  requireAdminTotp: boolean;
  /**
   * Quiet time after an organisation's last write before its report tables are computed again in
   * the background (src/server/indicators/warmup.ts); 0 turns the warm-up off. Optional so a
   * hand-built Config (tests) has it off.
   */
  reportWarmupMs?: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min} (got "${raw}")`);
  return n;
}

/**
 * FIELDLAB_TRUST_PROXY: `true` for one reverse proxy in front, a number for a chain of them. Only
 * that many hops are trusted: a proxy appends the address it saw to X-Forwarded-For, so the
 * entries before it are whatever the browser wrote, and trusting them would let anyone pick the
 * address the login limit counts.
 */
function proxyHops(raw: string | undefined): number {
  if (raw === undefined || raw === '' || raw === 'false') return 0;
  if (raw === 'true') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`FIELDLAB_TRUST_PROXY must be true, false or a number of proxies (got "${raw}")`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, 'PORT', 8080, 0),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.FIELDLAB_DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    secretKey: env.FIELDLAB_SECRET_KEY || undefined,
    session: {
      idleMs: intFrom(env, 'FIELDLAB_SESSION_IDLE_MINUTES', DEFAULT_SESSION_POLICY.idleMs / 60_000, 1) * 60_000,
      absoluteMs: intFrom(env, 'FIELDLAB_SESSION_MAX_HOURS', DEFAULT_SESSION_POLICY.absoluteMs / 3_600_000, 1) * 3_600_000,
    },
    trustProxy: proxyHops(env.FIELDLAB_TRUST_PROXY),
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimitBytes: intFrom(env, 'FIELDLAB_BODY_LIMIT_BYTES', 1024 * 1024, 1024),
    webDir: path.resolve(env.FIELDLAB_WEB_DIR || 'dist/web'),
    production: env.NODE_ENV === 'production',
    requireAdminTotp: env.FIELDLAB_REQUIRE_ADMIN_TOTP ? env.FIELDLAB_REQUIRE_ADMIN_TOTP === 'true' : env.NODE_ENV === 'production',
    reportWarmupMs: intFrom(env, 'FIELDLAB_REPORT_WARMUP_SECONDS', 15, 0) * 1000,
  };
}
