/**
 * A bounded memo keyed by strings taken from the linted text (action patterns, wildcard patterns).
 * A key is stored as its own copy: a string cut from the text (a slice) would keep the whole text
 * alive as long as the entry lives. When a bound would be passed, the memo starts again empty.
 */
export class StringCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    /** Longer keys are not kept at all. */
    private readonly maxKeyLength: number,
    /** The characters of all keys together. */
    private readonly maxChars = Infinity,
  ) {}

  /**
   * The value kept for `key`, else `make`'s, kept. `make` gets the key's own copy, so that what it
   * builds from the key (slices of it) does not hold the linted text either.
   */
  memo(key: string, make: (key: string) => V): V {
    const kept = this.map.get(key);
    if (kept !== undefined) return kept;
    if (key.length > this.maxKeyLength) return make(key);
    // Short strings are never slices in V8; longer ones are copied through a round trip.
    const own = key.length > 12 ? (JSON.parse(JSON.stringify(key)) as string) : key;
    const value = make(own);
    if (this.map.size >= this.maxEntries || this.chars + own.length > this.maxChars) this.clear();
    this.map.set(own, value);
    this.chars += own.length;
    return value;
  }

  clear(): void {
    this.map.clear();
    this.chars = 0;
  }
}
