import { describe, expect, it } from 'vitest';
import { createVault, open, seal, unlockVault } from './vault.ts';

describe('the PIN vault', () => {
  it('opens with the right PIN only, and what it seals is unreadable without it', async () => {
    const { key, params } = await createVault('583920', 1000);
    const sealed = await seal(key, { uic: 'HOTUM95', nickname: 'Bống' });
    expect(sealed.data).not.toContain('HOTUM95');
    expect(atob(sealed.data)).not.toContain('HOTUM95');
    expect(await unlockVault('583921', params)).toBeNull();
    const again = await unlockVault('583920', params);
    expect(again).not.toBeNull();
    expect(await open(again!, sealed)).toEqual({ uic: 'HOTUM95', nickname: 'Bống' });
  });

  it('uses a fresh salt and IV every time', async () => {
    const a = await createVault('583920', 1000);
    const b = await createVault('583920', 1000);
    expect(a.params.salt).not.toBe(b.params.salt);
    const s1 = await seal(a.key, 'x');
    const s2 = await seal(a.key, 'x');
    expect(s1.iv).not.toBe(s2.iv);
  });
});
