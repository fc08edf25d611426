import { LRUCache } from 'lru-cache';

/** Keeps of a kind after which its reuse is judged. */
const JUDGED_AFTER_KEEPS = 100;
/** A kind whose answers are read again fewer times than this share of its keeps is seldom reused. */
const SELDOM_REUSED_BELOW = 0.05;
/** Past this many keeps, a kind's counts are halved: its recent traffic weighs most. */
const HALVED_AT_KEEPS = 1_000;
/** Kinds whose reuse is remembered (one per client operation or subgraph call shape). */
const KINDS_REMEMBERED = 5_000;
/** Keys of seldom-reused kinds remembered as asked once (at a few hundred answers a second, a minute or two). */
const KEYS_REMEMBERED = 20_000;

interface Reuse {
  kept: number;
  reused: number;
}

/**
 * Which answers are worth keeping when first made. Every answer is kept on first sight, unless the answers of
 * its kind (one client operation, one subgraph call shape) are seldom read again: an operation whose every
 * request has new variables (a search box, a price filter) would otherwise fill Redis and this router's memory
 * with answers nobody asks for again, paying for each on the request that made it. An answer of such a kind is
 * kept when its key is asked a second time while remembered ("cache on second hit", as CDNs and TinyLFU's
 * doorkeeper do). Reuse is counted as answers are read, so a kind whose keys start repeating is kept on first
 * sight again. Keeping fewer answers never serves an older one: what is served is still checked against Redis.
 */
export class KeepAdmission {
  private readonly kinds = new LRUCache<string, Reuse>({ max: KINDS_REMEMBERED });
  private readonly askedOnce = new LRUCache<string, true>({ max: KEYS_REMEMBERED });

  /** `onDeferred`: told of each answer not kept on first sight (a metric). */
  constructor(private readonly onDeferred: () => void = () => undefined) {}

  /** Whether the answer under `key`, of `kind`, is kept now; counts the keep when it is. */
  admits(kind: string | undefined, key: string): boolean {
    if (kind === undefined) return true;
    let reuse = this.kinds.get(kind);
    if (!reuse) this.kinds.set(kind, (reuse = { kept: 0, reused: 0 }));
    if (isSeldomReused(reuse) && !this.askedOnce.delete(key)) {
      this.askedOnce.set(key, true);
      this.onDeferred();
      return false;
    }
    reuse.kept += 1;
    if (reuse.kept >= HALVED_AT_KEEPS) {
      reuse.kept /= 2;
      reuse.reused /= 2;
    }
    return true;
  }

  /** A kept answer of `kind` was read again. */
  reused(kind: string | undefined): void {
    if (kind === undefined) return;
    const reuse = this.kinds.get(kind);
    if (reuse) reuse.reused += 1;
  }
}

const isSeldomReused = ({ kept, reused }: Reuse) => kept >= JUDGED_AFTER_KEEPS && reused < kept * SELDOM_REUSED_BELOW;
