import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy.ts';

describe('checkPasswordStrength', () => {
  it('asks for at least 10 characters and at most 200', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(MAX_PASSWORD_LENGTH).toBe(200);
  });

  it('refuses passwords shorter than the minimum, even random ones', () => {
    expect(checkPasswordStrength('')).toEqual({ ok: false, reason: 'too_short' });
    expect(checkPasswordStrength('Xq7#vB2!p')).toEqual({ ok: false, reason: 'too_short' });
  });

  it('counts characters, not UTF-16 units or combining marks', () => {
    // Nine letters with Vietnamese marks: too short, however it was typed (NFC or decomposed).
    const nine = 'đườngxưaý';
    expect([...nine.normalize('NFC')].length).toBe(9);
    expect(checkPasswordStrength(nine.normalize('NFC'))).toEqual({ ok: false, reason: 'too_short' });
    expect(checkPasswordStrength(nine.normalize('NFD'))).toEqual({ ok: false, reason: 'too_short' });
  });

  it('refuses passwords longer than the maximum', () => {
    expect(checkPasswordStrength('lantern-orchid-'.repeat(14))).toEqual({ ok: false, reason: 'too_long' });
  });

  it.each(['password123', 'qwertyuiop', '1234567890', 'aaaaaaaaaaaa', 'iloveyou2024', 'abc123abc123'])(
    'refuses a common or patterned password: %s',
    (pw) => {
      expect(checkPasswordStrength(pw)).toEqual({ ok: false, reason: 'too_weak' });
    },
  );

  it.each(['violet-kettle-harbour-93', 'correct horse battery staple', 'Xq7#vB2!pL9z'])('accepts a strong password: %s', (pw) => {
    expect(checkPasswordStrength(pw)).toEqual({ ok: true });
  });

  it.each(['mèo mướp ngủ trưa trên mái tôn', 'cà phê sữa đá lúc năm giờ sáng', 'Sông Hồng chảy qua cầu Long Biên 7'])(
    'accepts a Vietnamese passphrase: %s',
    (pw) => {
      expect(checkPasswordStrength(pw)).toEqual({ ok: true });
      expect(checkPasswordStrength(pw.normalize('NFD'))).toEqual({ ok: true });
    },
  );

  it('refuses a password made easy by the context it is given (the username)', () => {
    const pw = 'tuananh.peer2024';
    expect(checkPasswordStrength(pw, ['tuananh.peer'])).toEqual({ ok: false, reason: 'too_weak' });
  });

  it('ignores empty context words', () => {
    expect(checkPasswordStrength('violet-kettle-harbour-93', ['', ''])).toEqual({ ok: true });
  });
});
