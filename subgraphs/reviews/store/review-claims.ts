import type { Collection, Db } from 'mongodb';
import { insertUnlessPresent } from '../../../runtime/stores/mongo';

interface ClaimDocument {
  _id: string;
  at: Date;
}

/** A claim left by a process that died mid-change is taken over after this long. */
const STALE_CLAIM_MS = 30_000;

/**
 * Who may change one version of a review. FerretDB 1.x applies a conditional update without isolation, so two
 * moderators of the same review could both pass its status check; an insert under a unique id is atomic
 * there, so exactly one of them claims the version and writes. The claim is dropped once the write is done:
 * by then the review has a new version, which a late claimant's compare-and-set no longer matches.
 */
export class ReviewClaims {
  private readonly claims: Collection<ClaimDocument>;

  constructor(db: Db) {
    this.claims = db.collection<ClaimDocument>('review_claims');
  }

  /** Runs `write` holding the claim on `version`; null, without running it, when someone else holds it. */
  async holding<T>(version: string, write: () => Promise<T>): Promise<T | null> {
    if (!(await this.claim(version))) return null;
    try {
      return await write();
    } finally {
      await this.claims.deleteOne({ _id: version });
    }
  }

  private async claim(version: string): Promise<boolean> {
    if (await insertUnlessPresent(this.claims, { _id: version, at: new Date() })) return true;
    const { deletedCount } = await this.claims.deleteOne({ _id: version, at: { $lt: new Date(Date.now() - STALE_CLAIM_MS) } });
    return deletedCount === 1 && insertUnlessPresent(this.claims, { _id: version, at: new Date() });
  }
}
