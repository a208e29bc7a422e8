import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationEnvelope } from '../../src/core/sync/protocol.ts';
import { verifyAudit } from '../../src/server/audit/log.ts';
import { asSystem } from '../../src/server/db/scope.ts';
import { Client } from '../helpers/app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { Device, seedFieldOrg, startDurableApp } from '../helpers/field.ts';

type Op = 'register' | 'contact' | 'badContact' | 'unknownClient';
type NetEvent = { kind: 'push'; offset: number; size: number; lose: boolean; shuffle: boolean } | { kind: 'restart' };

const opArb = fc.array(fc.tuple(fc.constantFrom<Op>('register', 'contact', 'contact', 'contact', 'badContact', 'unknownClient'), fc.nat()), { minLength: 1, maxLength: 40 });
const eventArb = fc.array(
  fc.oneof(
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('push' as const), offset: fc.integer({ min: -4, max: 3 }), size: fc.integer({ min: 1, max: 25 }), lose: fc.boolean(), shuffle: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  ),
  { minLength: 1, maxLength: 12 },
);

/**
 * DESIGN §4's promise, tested against the real server: whatever the network does to a device's
 * pushes (duplicates, batches out of order, responses lost, the server restarted in between),
 * once the device has drained its outbox the server holds every valid mutation exactly once and
 * every invalid one as a recorded rejection.
 */
describe.each(testDialects())('sync holds every mutation exactly once on %s', (dialect) => {
  let server: Awaited<ReturnType<typeof startDurableApp>>;
  beforeAll(async () => {
    server = await startDurableApp(dialect);
  });
  afterAll(async () => server?.close());

  it('under duplicates, reordering, lost responses and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(opArb, eventArb, fc.infiniteStream(fc.nat()), async (ops, events, shuffles) => {
        const org = await seedFieldOrg(server.t, ['fieldworker']);
        const worker = org.users.fieldworker!;
        const login = async () => {
          const c = new Client(server.t.baseUrl);
          await c.login(worker.username, worker.password);
          return c;
        };
        let client = await login();

        // The device's history, and what each mutation should come to.
        const device = new Device(org);
        const registered: string[] = [];
        const expectClients = new Set<string>();
        const expectContacts = new Set<string>();
        const expectRejected = new Set<number>();
        const mutations: MutationEnvelope[] = [];
        for (const [op, pick] of ops) {
          if (op === 'register') {
            const r = device.registerClient(`HO${String.fromCharCode(65 + (registered.length % 26))}${String.fromCharCode(65 + Math.floor(registered.length / 26))}M${String(pick % 100).padStart(2, '0')}`);
            registered.push(r.clientId);
            expectClients.add(r.clientId);
            mutations.push(r.m);
          } else if (op === 'contact' && registered.length > 0) {
            const c = device.recordContact(registered[pick % registered.length]!);
            expectContacts.add(c.contactId);
            mutations.push(c.m);
          } else if (op === 'badContact' && registered.length > 0) {
            const c = device.recordContact(registered[pick % registered.length]!, { services: [] });
            expectRejected.add(c.m.id);
            mutations.push(c.m);
          } else {
            const c = device.recordContact('01900000-0000-7000-8000-0000000000ff');
            expectRejected.add(c.m.id);
            mutations.push(c.m);
          }
        }

        let acked = 0;
        const shuffleIter = shuffles[Symbol.iterator]();
        const push = async (batch: MutationEnvelope[], lose: boolean) => {
          const res = await client.post('/api/sync/push', device.push(batch));
          expect(res.status).toBe(200);
          if (!lose) acked = Math.max(acked, res.body.lastMutationId);
        };
        for (const e of events) {
          if (e.kind === 'restart') {
            await server.restart();
            client = await login();
            continue;
          }
          const start = Math.max(1, acked + 1 + e.offset);
          const batch = mutations.slice(start - 1, start - 1 + e.size);
          if (batch.length === 0) continue;
          if (e.shuffle) batch.sort(() => (shuffleIter.next().value as number) % 3 - 1);
          await push(batch, e.lose);
        }
        for (let round = 0; acked < mutations.length; round++) {
          expect(round).toBeLessThan(50);
          await push(mutations.slice(acked, acked + 50), false);
        }

        const db = server.t.ctx.db.kysely;
        const state = await asSystem(db, async (tx) => ({
          clients: (await tx.selectFrom('clients').select('id').where('org_id', '=', org.orgId).execute()).map((r) => r.id),
          contacts: (await tx.selectFrom('contacts').select('id').where('org_id', '=', org.orgId).execute()).map((r) => r.id),
          rejected: (await tx.selectFrom('sync_rejections').select('mutation_id').where('device_id', '=', device.id).execute()).map((r) => Number(r.mutation_id)),
          recordAudits: (await tx.selectFrom('audit_log').select('entity_id').where('org_id', '=', org.orgId).where('action', '=', 'contact.record').execute()).map((r) => r.entity_id),
          last: Number((await tx.selectFrom('sync_devices').select('last_mutation_id').where('id', '=', device.id).executeTakeFirstOrThrow()).last_mutation_id),
          audit: await verifyAudit(tx),
        }));
        expect(state.last).toBe(mutations.length);
        expect(new Set(state.clients)).toEqual(expectClients);
        expect(state.clients).toHaveLength(expectClients.size);
        expect(new Set(state.contacts)).toEqual(expectContacts);
        expect(state.contacts).toHaveLength(expectContacts.size);
        expect(new Set(state.rejected)).toEqual(expectRejected);
        expect(state.recordAudits.sort()).toEqual([...expectContacts].sort());
        expect(state.audit.firstBreak).toBeNull();
      }),
      { numRuns: dialect === 'pglite' ? 8 : 15, endOnFailure: true },
    );
  });
});
