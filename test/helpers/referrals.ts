import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { newReferralCode } from '../../src/core/referrals/index.ts';
import type { ProviderInput } from '../../src/core/referrals/schema.ts';
import type { Client } from './app.ts';
import type { Device } from './field.ts';

/** Mutations of issue #5 as a device's outbox builds them. */
export function createReferral(device: Device, clientId: string, providerId: string, overrides: Record<string, unknown> = {}) {
  const referralId = uuidv7();
  const code = newReferralCode((n) => randomBytes(n));
  const at = new Date(Date.now() - 60_000).toISOString();
  return {
    referralId,
    code,
    m: device.mutation('createReferral', {
      referralId,
      code,
      clientId,
      providerId,
      service: 'psychiatric_assessment',
      reason: 'Nghe tiếng nói lạ, mất ngủ nhiều đêm',
      urgency: 'within_week',
      dueOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      share: [],
      at,
      contactId: null,
      crisisEpisodeId: null,
      send: true,
      ...overrides,
    }),
  };
}

export function changeReferralStatus(device: Device, referralId: string, event: string, overrides: Record<string, unknown> = {}) {
  const eventId = uuidv7();
  return { eventId, m: device.mutation('changeReferralStatus', { referralId, eventId, event, at: new Date(Date.now() - 30_000).toISOString(), note: null, outcome: null, ...overrides }) };
}

export function providerInput(overrides: Partial<ProviderInput> = {}): ProviderInput {
  return {
    name: `Phòng khám thử ${randomBytes(3).toString('hex')}`,
    kind: 'psychiatry',
    services: ['psychiatric_assessment', 'counselling'],
    orgId: null,
    address: '12 phố Thử, Đống Đa',
    provinceId: 'ha-noi',
    openingHours: 'T2–T6 8:00–17:00',
    phone: '024 0000 0000',
    languages: ['vi'],
    cost: 'low',
    walkIn: true,
    active: true,
    ...overrides,
  };
}

/** Adds a provider through the API as a manager; returns its id. */
export async function addProvider(manager: Client, overrides: Partial<ProviderInput> = {}): Promise<string> {
  const res = await manager.post('/api/providers', providerInput(overrides));
  if (res.status !== 201) throw new Error(`provider not added: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
