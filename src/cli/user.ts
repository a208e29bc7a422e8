import { createInterface } from 'node:readline/promises';
import { Role } from '../core/auth/roles.ts';
import { Problem } from '../core/errors/outcome.ts';
import { renderError } from '../core/errors/catalogue.ts';
import { Lang, Username } from '../core/users/schema.ts';
import { appendAudit } from '../server/audit/log.ts';
import { loadConfig } from '../server/config.ts';
import { asSystem } from '../server/db/scope.ts';
import { openContext } from '../server/runtime.ts';
import { insertUser } from '../server/users/store.ts';

async function readPassword(): Promise<string> {
  if (process.env.FIELDLAB_PASSWORD) return process.env.FIELDLAB_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('no password: set FIELDLAB_PASSWORD or run in a terminal');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const answer = await rl.question('Password (at least 10 characters): ');
  rl.close();
  return answer;
}

export async function userAddCommand(opts: { username: string; org: string; role: string; lang: string }): Promise<void> {
  const username = Username.safeParse(opts.username);
  if (!username.success) throw new Error(`username: ${username.error.issues[0]?.message}`);
  const roles = opts.role.split(',').map((r) => r.trim());
  for (const r of roles) if (!Role.safeParse(r).success) throw new Error(`unknown role "${r}"; use: ${Role.options.join(', ')}`);
  const lang = Lang.safeParse(opts.lang);
  if (!lang.success) throw new Error(`unknown language "${opts.lang}"; use: ${Lang.options.join(', ')}`);
  const password = await readPassword();
  const ctx = await openContext(loadConfig());
  try {
    // The command line is the operator's: it acts as the system, and says so in the audit log.
    const id = await asSystem(ctx.db.kysely, async (tx) => {
      const org = await tx
        .selectFrom('organisations')
        .select('id')
        .where((eb) => (/^[0-9a-f-]{36}$/i.test(opts.org) ? eb('id', '=', opts.org) : eb('name', '=', opts.org)))
        .executeTakeFirst();
      if (!org) throw new Error(`no organisation "${opts.org}"`);
      const userId = await insertUser(tx, ctx.crypto, {
        username: username.data,
        displayName: null,
        password,
        lang: lang.data,
        roles: roles.map((role) => ({ orgId: org.id, role: role as Role })),
      });
      await appendAudit(tx, { orgId: org.id, actorUserId: null, actorRole: 'cli', action: 'user.create', entity: 'user', entityId: userId });
      return userId;
    });
    console.log(`Added ${username.data} (${id}) with roles ${roles.join(', ')}.`);
  } catch (err) {
    if (err instanceof Problem) throw new Error(renderError(err.code, 'en', err.params));
    throw err;
  } finally {
    await ctx.db.close();
  }
}
