import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles.ts';
import { AddMember, ChangePassword, CreateUser, EditUser, LoginRequest, RoleGrant, SetupRequest, Username } from './schema.ts';

const ORG = '01900000-0000-7000-8000-00000000000a';
const PASSWORD = 'violet-kettle-harbour-93';

describe('Username', () => {
  it.each(['lan', 'hn.peer1', 'tuan_anh', 'doctor-2', '007', 'a'.repeat(40)])('accepts %s', (name) => {
    expect(Username.parse(name)).toBe(name);
  });

  it('trims and lower-cases, so "Lan" and "lan " are the same account', () => {
    expect(Username.parse('  HN.Peer1 ')).toBe('hn.peer1');
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(41)],
    ['a space', 'tuan anh'],
    ['Vietnamese letters', 'tuấn'],
    ['a leading dot', '.lan'],
    ['a leading dash', '-lan'],
    ['an @', 'lan@example.org'],
    ['a slash', 'lan/admin'],
    ['empty', ''],
  ])('refuses %s', (_why, name) => {
    expect(Username.safeParse(name).success).toBe(false);
  });
});

describe('CreateUser', () => {
  it('fills the defaults: no display name, Vietnamese', () => {
    expect(CreateUser.parse({ username: 'Lan.Peer', password: PASSWORD, roles: ['fieldworker'] })).toEqual({
      username: 'lan.peer',
      displayName: null,
      password: PASSWORD,
      lang: 'vi',
      roles: ['fieldworker'],
    });
  });

  it('accepts several roles, every role, English, and a trimmed display name', () => {
    const parsed = CreateUser.parse({ username: 'lan', displayName: '  Chị Lan ', password: PASSWORD, lang: 'en', roles: [...ROLES] });
    expect(parsed.roles).toEqual([...ROLES]);
    expect(parsed.displayName).toBe('Chị Lan');
    expect(parsed.lang).toBe('en');
  });

  it('needs at least one role, and only known ones', () => {
    expect(CreateUser.safeParse({ username: 'lan', password: PASSWORD, roles: [] }).success).toBe(false);
    expect(CreateUser.safeParse({ username: 'lan', password: PASSWORD, roles: ['superuser'] }).success).toBe(false);
    expect(CreateUser.safeParse({ username: 'lan', password: PASSWORD }).success).toBe(false);
  });

  it('refuses an unknown language, an empty or over-long password, an over-long display name', () => {
    expect(CreateUser.safeParse({ username: 'lan', password: PASSWORD, roles: ['trainer'], lang: 'fr' }).success).toBe(false);
    expect(CreateUser.safeParse({ username: 'lan', password: '', roles: ['trainer'] }).success).toBe(false);
    expect(CreateUser.safeParse({ username: 'lan', password: 'x'.repeat(201), roles: ['trainer'] }).success).toBe(false);
    expect(CreateUser.safeParse({ username: 'lan', password: PASSWORD, roles: ['trainer'], displayName: 'x'.repeat(81) }).success).toBe(false);
    expect(CreateUser.safeParse({ username: 'lan', password: PASSWORD, roles: ['trainer'], displayName: '   ' }).success).toBe(false);
  });

  it('refuses unknown fields, so nobody sets their own flags or organisation', () => {
    for (const extra of [{ active: false }, { mustChangePassword: false }, { orgId: ORG }, { totpSecret: 'x' }, { passwordHash: 'x' }]) {
      const result = CreateUser.safeParse({ username: 'lan', password: PASSWORD, roles: ['fieldworker'], ...extra });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    }
  });
});

describe('AddMember and EditUser', () => {
  it('AddMember takes a username and at least one role', () => {
    expect(AddMember.parse({ username: ' Lan ', roles: ['manager', 'trainer'] })).toEqual({ username: 'lan', roles: ['manager', 'trainer'] });
    expect(AddMember.safeParse({ username: 'lan', roles: [] }).success).toBe(false);
    expect(AddMember.safeParse({ username: 'lan', roles: ['manager'], password: PASSWORD }).success).toBe(false);
  });

  it('EditUser takes any subset, and [] for roles (removal from the organisation)', () => {
    expect(EditUser.parse({})).toEqual({});
    expect(EditUser.parse({ roles: [] })).toEqual({ roles: [] });
    expect(EditUser.parse({ active: false, lang: 'en', displayName: null })).toEqual({ active: false, lang: 'en', displayName: null });
  });

  it('EditUser cannot change a username or password, or carry unknown fields', () => {
    for (const extra of [{ username: 'other' }, { password: PASSWORD }, { roles: ['root'] }, { active: 'yes' }, { orgId: ORG }]) {
      expect(EditUser.safeParse(extra).success).toBe(false);
    }
  });

  it('a role grant names a real organisation id and a known role', () => {
    expect(RoleGrant.parse({ orgId: ORG, role: 'evaluator' })).toEqual({ orgId: ORG, role: 'evaluator' });
    expect(RoleGrant.safeParse({ orgId: 'org-a', role: 'evaluator' }).success).toBe(false);
    expect(RoleGrant.safeParse({ orgId: ORG, role: 'owner' }).success).toBe(false);
  });
});

describe('LoginRequest, ChangePassword and SetupRequest', () => {
  it('login lower-cases the username and takes an optional 6-digit code', () => {
    expect(LoginRequest.parse({ username: ' LAN ', password: 'x' })).toEqual({ username: 'lan', password: 'x' });
    expect(LoginRequest.parse({ username: 'lan', password: 'x', totp: ' 123456 ' }).totp).toBe('123456');
    for (const totp of ['12345', '1234567', 'abcdef']) expect(LoginRequest.safeParse({ username: 'lan', password: 'x', totp }).success).toBe(false);
    expect(LoginRequest.safeParse({ username: 'lan', password: 'x', remember: true }).success).toBe(false);
    expect(LoginRequest.safeParse({ username: '', password: 'x' }).success).toBe(false);
  });

  it('password change needs both passwords and nothing more', () => {
    expect(ChangePassword.safeParse({ currentPassword: 'a', newPassword: PASSWORD }).success).toBe(true);
    expect(ChangePassword.safeParse({ newPassword: PASSWORD }).success).toBe(false);
    expect(ChangePassword.safeParse({ currentPassword: 'a', newPassword: PASSWORD, userId: ORG }).success).toBe(false);
  });

  it('setup takes the network, the first organisation and its administrator', () => {
    expect(SetupRequest.parse({ networkName: 'Mạng lưới Thử', organisationName: 'Ban điều phối', username: 'Admin', password: PASSWORD })).toEqual({
      networkName: 'Mạng lưới Thử',
      organisationName: 'Ban điều phối',
      provinceId: null,
      username: 'admin',
      password: PASSWORD,
      lang: 'vi',
    });
    expect(SetupRequest.safeParse({ networkName: 'M', organisationName: 'Ban điều phối', username: 'admin', password: PASSWORD }).success).toBe(false);
    expect(SetupRequest.safeParse({ networkName: 'Mạng', organisationName: 'Ban', username: 'admin', password: PASSWORD, provinceId: 'x' }).success).toBe(false);
    expect(SetupRequest.safeParse({ networkName: 'Mạng', organisationName: 'Ban', username: 'admin', password: PASSWORD, roles: ['admin'] }).success).toBe(false);
  });
});
