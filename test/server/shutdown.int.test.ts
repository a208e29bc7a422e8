import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbKind } from '../../src/server/db/connect.ts';
import { createPostgresDatabase, TEST_PASSWORD } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Server {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  /** Every JSON line the server logged. */
  logs: Record<string, any>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `fieldlab serve`, as `npm start` runs it, on a free port; resolves once it is listening. */
function startServer(env: Record<string, string>): Promise<Server> {
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', FIELDLAB_WEB_DIR: path.join(tmpdir(), 'fieldlab-no-web'), ...env };
  const child = spawn(process.execPath, ['bin/fieldlab.js', 'serve'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, any>[] = [];
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time; stderr: ${stderr}`)), 60_000);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        const entry = JSON.parse(line) as Record<string, any>;
        logs.push(entry);
        const listening = /Server listening at (http:\/\/127\.0\.0\.1:(\d+))/.exec(entry.msg ?? '');
        if (listening) {
          clearTimeout(timer);
          resolve({ child, baseUrl: listening[1]!, port: Number(listening[2]), logs, exited });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening; stderr: ${stderr}`));
    });
  });
}

async function post(baseUrl: string, url: string, body: unknown) {
  const res = await fetch(baseUrl + url, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any, at: Date.now() };
}

/** Whether a new TCP connection to the port is refused (rather than accepted). */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** An HTTP/1.1 request as text, so that it can be sent in pieces. */
function requestText(port: number, method: string, url: string, body?: unknown): string {
  const payload = body === undefined ? '' : JSON.stringify(body);
  const head = [`${method} ${url} HTTP/1.1`, `host: 127.0.0.1:${port}`, 'accept-language: en', 'connection: keep-alive'];
  if (body !== undefined) head.push('content-type: application/json', `content-length: ${Buffer.byteLength(payload)}`);
  return `${head.join('\r\n')}\r\n\r\n${payload}`;
}

/** A raw connection: a phone on a slow network, whose request is still arriving. */
function rawConnection(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
  });
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { write: (text: string) => socket.write(text), closed };
}

describe.each(testDialects())('stopping with SIGTERM on %s', (dialect: DbKind) => {
  let dataDir: string;
  let env: Record<string, string>;
  const servers: Server[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'fieldlab-shutdown-'));
    env = { FIELDLAB_DATA_DIR: dataDir };
    if (dialect === 'postgres') env.DATABASE_URL = await createPostgresDatabase();
  });
  afterAll(() => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the requests in flight, takes no new connection, exits 0, and starts again on the same data', async () => {
    const first = await startServer(env);
    servers.push(first);
    const setup = await post(first.baseUrl, '/api/setup', { networkName: 'Mạng lưới Thử', organisationName: 'Điều phối Thử', username: 'dieu-phoi', password: TEST_PASSWORD });
    expect(setup.status).toBe(201);

    // A login whose body is still on its way when the signal comes.
    const slowLogin = requestText(first.port, 'POST', '/api/auth/login', { username: 'dieu-phoi', password: TEST_PASSWORD });
    const cut = slowLogin.length - 20;
    const slow = rawConnection(first.port);
    slow.write(slowLogin.slice(0, cut));
    // And ten more logins at once (each hashes a password with scrypt).
    const burst = Array.from({ length: 10 }, () => post(first.baseUrl, '/api/auth/login', { username: 'dieu-phoi', password: TEST_PASSWORD }));
    await Promise.race(burst);

    first.child.kill('SIGTERM');
    // The listening socket closes at once, while requests are still being answered.
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await connectionRefused(first.port);
      if (!refused) await new Promise((r) => setTimeout(r, 20));
    }
    expect(refused).toBe(true);
    // The slow login's last bytes arrive, and right behind them on the same connection another
    // request: the login is answered, the connection then closes, and the other is not taken.
    slow.write(slowLogin.slice(cut) + requestText(first.port, 'GET', '/api/health'));

    const results = await Promise.all(burst);
    const answeredAt = Math.max(...results.map((r) => r.at));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const raw = await slow.closed;
    const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200]);
    expect(raw).toMatch(/^set-cookie: fieldlab_session=[^;]{20,};/im);
    expect(raw).toMatch(/^connection: close\r$/im);

    expect(await first.exited).toEqual({ code: 0, signal: null });
    // Once the answers are out it stops at once: no kept-alive connection holds it until a timeout.
    expect(Date.now() - answeredAt).toBeLessThan(3_000);
    expect(first.logs.some((l) => l.msg === 'stopping: finishing requests in flight' && l.signal === 'SIGTERM')).toBe(true);
    expect(first.logs.filter((l) => l.level >= 50)).toEqual([]);

    // The database closed cleanly: it opens again with everything in it.
    const second = await startServer(env);
    servers.push(second);
    const health = await (await fetch(`${second.baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', db: dialect });
    expect(await (await fetch(`${second.baseUrl}/api/setup`)).json()).toEqual({ needed: false });
    const login = await post(second.baseUrl, '/api/auth/login', { username: 'dieu-phoi', password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.network.name).toBe('Mạng lưới Thử');

    // Idle, it stops at once.
    const stopAsked = Date.now();
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopAsked).toBeLessThan(5_000);
    expect(second.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
