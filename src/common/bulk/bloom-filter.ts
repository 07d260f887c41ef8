/**
 * A fixed-size set of strings that may answer "maybe" for a string it never saw, but never "no"
 * for one it did. Bulk ingest uses it to remember every key of a stream in constant memory and
 * send only the "maybe" rows to an exact check in the database.
 */
export class BloomFilter {
  private readonly words: Uint32Array;
  private readonly mask: number;
  private added = 0;

  /**
   * @param bits Size, rounded up to a power of two (default 2^26 bits = 8 MiB: about 2 false
   *   "maybe" per million at one million keys, 5% at ten million).
   * @param hashes Bits set per key.
   */
  constructor(
    bits = 2 ** 26,
    private readonly hashes = 5,
  ) {
    const size = 2 ** Math.max(5, Math.ceil(Math.log2(bits)));
    this.words = new Uint32Array(size / 32);
    this.mask = size - 1;
  }

  /** Keys added so far. */
  get size(): number {
    return this.added;
  }

  /** Adds the key; answers whether it may have been added before (false: certainly not). */
  add(key: string): boolean {
    return this.addHashes(hashPair(key));
  }

  /** `add` of the parts joined by `|` (`add(`${a}|${b}|${c}`)`), without building that string. */
  addKey(...parts: string[]): boolean {
    return this.addHashes(hashPair(...parts));
  }

  private addHashes([first, second]: [number, number]): boolean {
    let h1 = first;
    let h2 = second;
    let seen = true;
    for (let index = 0; index < this.hashes; index += 1) {
      const bit = h1 & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.words[word] & flag) === 0) {
        seen = false;
        this.words[word] |= flag;
      }
      h1 = (h1 + h2) | 0;
      h2 = (h2 + index) | 0; // enhanced double hashing
    }
    if (!seen) this.added += 1;
    return seen;
  }

  mightContain(key: string): boolean {
    let [h1, h2] = hashPair(key);
    for (let index = 0; index < this.hashes; index += 1) {
      const bit = h1 & this.mask;
      if ((this.words[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
      h1 = (h1 + h2) | 0;
      h2 = (h2 + index) | 0;
    }
    return true;
  }
}

const SEPARATOR = '|'.charCodeAt(0);

/** Two independent 32-bit hashes of the parts joined by `|` (FNV-1a with two offsets, then a murmur3 finaliser). */
function hashPair(...parts: string[]): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let part = 0; part < parts.length; part += 1) {
    if (part > 0) {
      a = Math.imul(a ^ SEPARATOR, 0x01000193);
      b = Math.imul(b ^ SEPARATOR, 0x5bd1e995);
    }
    const key = parts[part];
    for (let index = 0; index < key.length; index += 1) {
      const code = key.charCodeAt(index);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
    }
  }
  return [finalise(a), finalise(b) | 1];
}

function finalise(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
