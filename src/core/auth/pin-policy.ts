/**
 * The PIN that locks a phone's local data (DESIGN §5: phones get seized). It is typed often, in
 * the street, so it is digits; but it must not be one a stranger guesses first. Six digits at
 * least; no single repeated digit, no run up or down (123456, 987654), no pair or triple repeated
 * (121212, 123123).
 * The key is stretched with PBKDF2 (src/web/offline/vault.ts) and ten wrong tries wipe the phone.
 */
export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 12;
export const PIN_MAX_FAILURES = 10;

export type PinProblem = 'not_digits' | 'too_short' | 'too_long' | 'too_simple';

export function checkPin(pin: string): PinProblem | null {
  if (!/^[0-9]*$/.test(pin)) return 'not_digits';
  if (pin.length < PIN_MIN_LENGTH) return 'too_short';
  if (pin.length > PIN_MAX_LENGTH) return 'too_long';
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => d - digits[i]!);
  if (steps.every((s) => s === 0)) return 'too_simple';
  if (steps.every((s) => s === 1) || steps.every((s) => s === -1)) return 'too_simple';
  for (const period of [2, 3]) {
    if (pin.length % period === 0 && pin === pin.slice(0, period).repeat(pin.length / period)) return 'too_simple';
  }
  return null;
}
