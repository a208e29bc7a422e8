import { describe, expect, it } from 'vitest';
import { CreateGroupBody, EditGroupBody } from './api.ts';

const F = '0190a000-0000-7000-8000-000000000001';
const SITE = '0190a000-0000-7000-8000-000000000002';
const body = { name: 'Nhóm thứ Ba', kind: 'contemplation', facilitatorIds: [F], siteId: SITE, schedule: { repeat: 'weekly', weekday: 'tuesday', startsOn: '2026-03-03', endsOn: null, time: '18:00' } };

describe('CreateGroupBody', () => {
  it('is a group without the ids the server gives', () => {
    expect(CreateGroupBody.parse(body)).toEqual(body);
    expect(CreateGroupBody.safeParse({ ...body, id: F }).success).toBe(false);
    expect(CreateGroupBody.safeParse({ ...body, orgId: F }).success).toBe(false);
  });
  it('says what to fix', () => {
    const r = CreateGroupBody.safeParse({ ...body, name: ' ', facilitatorIds: [] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'Give the group a name'],
      ['facilitatorIds', 'Choose at least one facilitator'],
    ]);
  });
});

describe('EditGroupBody', () => {
  it('takes any one field, and active to deactivate', () => {
    expect(EditGroupBody.parse({ name: 'Nhóm mới' })).toEqual({ name: 'Nhóm mới' });
    expect(EditGroupBody.parse({ active: false })).toEqual({ active: false });
  });
  it('refuses an empty change and unknown fields', () => {
    expect(EditGroupBody.safeParse({}).error?.issues[0]?.message).toBe('Change at least one field');
    expect(EditGroupBody.safeParse({ orgId: F }).success).toBe(false);
  });
});
