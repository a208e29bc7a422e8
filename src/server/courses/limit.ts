/**
 * A limit on misses at the public doors keyed by a bearer code (a registration code for the
 * tests, a certificate code for verification): a connection that keeps guessing codes gets 429
 * for the rest of the window. Only misses count, so a room of participants behind one address
 * never locks itself out. Kept in the process's memory, never written: it holds addresses, which
 * are personal, and a guesser spread over several servers still meets each one's limit. Codes
 * carry 40 random bits, so even unlimited guessing would rarely hit; the limit keeps it that way.
 */
export class MissLimit {
  private readonly misses = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly maxMisses: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Minutes to wait when `key` is over its limit, else null. */
  blocked(key: string): number | null {
    const m = this.misses.get(key);
    if (!m) return null;
    const left = m.until - this.now();
    if (left <= 0) {
      this.misses.delete(key);
      return null;
    }
    return m.count >= this.maxMisses ? Math.max(1, Math.ceil(left / 60_000)) : null;
  }

  miss(key: string): void {
    const t = this.now();
    const m = this.misses.get(key);
    if (!m || m.until <= t) this.misses.set(key, { count: 1, until: t + this.windowMs });
    else m.count += 1;
    // Old windows are dropped as the map grows, so it stays small.
    if (this.misses.size > 10_000) for (const [k, v] of this.misses) if (v.until <= t) this.misses.delete(k);
  }
}
