import { describe, expect, it } from 'vitest';
import { checkPin } from './pin-policy.ts';

describe('checkPin', () => {
  it('takes six to twelve digits that are not an obvious pattern', () => {
    expect(checkPin('583920')).toBeNull();
    expect(checkPin('20481937')).toBeNull();
    expect(checkPin('120934')).toBeNull();
  });
  it('refuses what is not digits, too short or too long', () => {
    expect(checkPin('12a456')).toBe('not_digits');
    expect(checkPin('58392')).toBe('too_short');
    expect(checkPin('1234567890123')).toBe('too_long');
  });
  it('refuses repeated digits, runs and repeated groups', () => {
    for (const pin of ['000000', '111111', '123456', '234567', '987654', '121212', '123123', '909090']) expect(checkPin(pin), pin).toBe('too_simple');
  });
});
