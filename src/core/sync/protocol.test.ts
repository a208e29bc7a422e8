import { describe, expect, it } from 'vitest';
import { decideMutation, parseMutation, SYNC_SCHEMA_VERSION } from './protocol.ts';

const contact = {
  contactId: '01900000-0000-7000-8000-000000000001',
  clientId: '01900000-0000-7000-8000-000000000002',
  siteId: '01900000-0000-7000-8000-000000000003',
  at: '2026-11-20T08:30:00+07:00',
  mode: 'street_outreach',
  services: ['information', 'commodities'],
  commodities: [{ itemId: '01900000-0000-7000-8000-000000000004', quantity: 5 }],
  iec: [],
  notes: null,
  followUpOn: '2026-11-27',
};

describe('decideMutation', () => {
  it('applies the next number, skips what was processed, and asks to resend after a gap', () => {
    expect(decideMutation(0, 1)).toEqual({ kind: 'apply' });
    expect(decideMutation(4, 5)).toEqual({ kind: 'apply' });
    expect(decideMutation(4, 4)).toEqual({ kind: 'already_processed' });
    expect(decideMutation(4, 1)).toEqual({ kind: 'already_processed' });
    expect(decideMutation(4, 7)).toEqual({ kind: 'out_of_order', resendFrom: 5 });
  });
});

describe('parseMutation', () => {
  const envelope = (name: string, args: unknown, schemaVersion = SYNC_SCHEMA_VERSION) => ({ id: 1, name, args, clientTime: '2026-11-20T01:30:00Z', schemaVersion });

  it('accepts a well-formed contact', () => {
    const parsed = parseMutation(envelope('recordContact', contact));
    expect(parsed.ok).toBe(true);
  });

  it('rejects unknown names, newer schemas, and bad arguments naming the field', () => {
    expect(parseMutation(envelope('dropTables', {}))).toEqual({ ok: false, code: 'MUTATION_UNKNOWN' });
    expect(parseMutation(envelope('toString', {}))).toEqual({ ok: false, code: 'MUTATION_UNKNOWN' });
    expect(parseMutation(envelope('recordContact', contact, SYNC_SCHEMA_VERSION + 1))).toEqual({ ok: false, code: 'MUTATION_SCHEMA_TOO_NEW' });
    expect(parseMutation(envelope('recordContact', { ...contact, services: [] }))).toMatchObject({ ok: false, code: 'MUTATION_INVALID', field: 'services' });
    expect(parseMutation(envelope('recordContact', { ...contact, extra: 1 }))).toMatchObject({ ok: false, code: 'MUTATION_INVALID' });
    expect(parseMutation(envelope('recordContact', { ...contact, commodities: [{ itemId: contact.commodities[0]!.itemId, quantity: 0 }] }))).toMatchObject({
      ok: false,
      field: 'commodities.0.quantity',
    });
  });

  it('requires consent to services to register a client', () => {
    const args = {
      clientId: contact.clientId,
      uic: 'HOTUM95',
      profile: {
        nickname: null,
        phone: null,
        birthYear: 1995,
        sexAtBirth: 'M',
        genderIdentity: 'man',
        keyPopulations: [],
        substances: ['methamphetamine'],
        routes: ['smoke'],
        provinceId: 'ha-noi',
        siteId: contact.siteId,
        referralSource: 'outreach',
      },
      consents: [{ kind: 'services', given: true }],
    };
    expect(parseMutation(envelope('registerClient', args)).ok).toBe(true);
    expect(parseMutation(envelope('registerClient', { ...args, consents: [{ kind: 'services', given: false }] }))).toMatchObject({ ok: false, field: 'consents' });
  });
});
