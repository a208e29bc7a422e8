import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { DbKind } from '../../src/server/db/connect.ts';
import { openContext } from '../../src/server/runtime.ts';
import { createPostgresDatabase } from './app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/fieldlab.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where a CLI run keeps its data: a PGlite folder, or a PostgreSQL database (plus a folder for the key file). */
export interface CliDatabase {
  dialect: DbKind;
  dataDir: string;
  databaseUrl: string | undefined;
  env: Record<string, string>;
}

export async function cliDatabase(dialect: DbKind): Promise<CliDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldlab-cli-'));
  const databaseUrl = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const env: Record<string, string> = { FIELDLAB_DATA_DIR: dataDir };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return { dialect, dataDir, databaseUrl, env };
}

/** Runs `node bin/fieldlab.js …` as a separate process, as an operator would, and waits for it. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent' };
  for (const name of ['DATABASE_URL', 'FIELDLAB_DATA_DIR', 'FIELDLAB_SECRET_KEY', 'FIELDLAB_PASSWORD']) delete childEnv[name];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The real server on the database a CLI run used (after the CLI has exited: PGlite has one writer). */
export async function serverOn(db: CliDatabase): Promise<{ baseUrl: string; app: FastifyInstance; close(): Promise<void> }> {
  const config = { ...loadConfig({ ...db.env }), logLevel: 'silent' };
  const ctx = await openContext(config);
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    async close() {
      await app.close();
      await ctx.db.close();
    },
  };
}
