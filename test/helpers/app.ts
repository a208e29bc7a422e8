import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type BuildOptions } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import type { AppContext } from '../../src/server/context.ts';
import { connect, migrate, type DbKind } from '../../src/server/db/connect.ts';
import { createCrypto } from '../../src/server/db/crypto.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { insertOrganisation } from '../../src/server/organisations/store.ts';
import { insertUser } from '../../src/server/users/store.ts';
import { VERSION } from '../../src/server/runtime.ts';
import type { OrganisationKind } from '../../src/core/organisations/schema.ts';
import type { Role } from '../../src/core/auth/roles.ts';

/** A fresh database on PostgreSQL (in the run's cluster) for one test file; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) throw new Error('No PostgreSQL for tests: TEST_DIALECTS includes postgres but no cluster was started');
  const name = `fieldlab_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestApp {
  dialect: DbKind;
  app: FastifyInstance;
  ctx: AppContext;
  /** http://127.0.0.1:<port> of the listening server. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real server on a real database (PGlite in memory, or a new PostgreSQL database), listening
 * on a free port of 127.0.0.1. One per test file; tests isolate themselves by making organisations.
 */
export async function startTestApp(dialect: DbKind, overrides: Partial<Config> = {}, build: Pick<BuildOptions, 'logger'> = {}): Promise<TestApp> {
  // The report warm-up is off unless a test turns it on (it runs on timers, after answers).
  const config: Config = { ...loadConfig({}), logLevel: 'silent', reportWarmupMs: 0, ...overrides };
  const databaseUrl = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const db = await connect({ databaseUrl, dataDir: 'memory' });
  await migrate(db);
  const ctx: AppContext = { db, crypto: createCrypto(randomBytes(32)), config: { ...config, databaseUrl }, version: VERSION };
  return listenTestApp(dialect, ctx, { logger: build.logger ?? false, serveWeb: overrides.webDir !== undefined });
}

/** Builds the app on a context, listens on a free port of 127.0.0.1; closing it closes the database too. */
export async function listenTestApp(dialect: DbKind, ctx: AppContext, options: BuildOptions): Promise<TestApp> {
  const app = await buildApp(ctx, options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    dialect,
    app,
    ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await ctx.db.close();
    },
  };
}

/** A strong password for invented test accounts. */
export const TEST_PASSWORD = 'violet-kettle-harbour-93';

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${randomBytes(2).toString('hex')}`;
}

export interface SeededOrg {
  orgId: string;
  users: Record<string, { username: string; password: string; userId: string }>;
}

/**
 * An organisation of its own, with one account per requested role, written straight through the
 * store (the setup page can only run once per database).
 */
export async function seedOrg(t: TestApp, kind: OrganisationKind = 'community_organisation', roles: Role[] = ['admin']): Promise<SeededOrg> {
  return asSystem(t.ctx.db.kysely, async (tx) => {
    const org = await insertOrganisation(tx, { name: uniqueName('Tổ chức thử'), kind, provinceId: 'ha-noi', timeZone: 'Asia/Ho_Chi_Minh' });
    const users: SeededOrg['users'] = {};
    for (const role of roles) {
      const username = uniqueName(role).toLowerCase();
      const userId = await insertUser(tx, t.ctx.crypto, { username, displayName: null, password: TEST_PASSWORD, lang: 'vi', roles: [{ orgId: org.id, role }] });
      users[role] = { username, password: TEST_PASSWORD, userId };
    }
    return { orgId: org.id, users };
  });
}

/** A tiny HTTP client with a cookie jar, as a browser would hold one session. */
export class Client {
  private cookie: string | undefined;
  constructor(
    private readonly baseUrl: string,
    private readonly lang: 'vi' | 'en' = 'en',
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const init: RequestInit = { method, headers: { 'accept-language': this.lang, ...headers } };
    if (this.cookie) (init.headers as Record<string, string>).cookie = this.cookie;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, init);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);

  async login(username: string, password: string, totp?: string) {
    const res = await this.post('/api/auth/login', totp ? { username, password, totp } : { username, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** A client logged in as the organisation's account for `role` (made by seedOrg). */
export async function loggedIn(t: TestApp, org: SeededOrg, role: string): Promise<Client> {
  const c = new Client(t.baseUrl);
  await c.login(org.users[role]!.username, org.users[role]!.password);
  return c;
}
