/**
 * Every write of a product or category stamps when it changed: `changedAt` exactly, and `changedBucket`, the same
 * time cut down to a 10-second bucket. A replica catching up asks for the documents of each recent bucket by
 * equality: FerretDB pushes an equality on a date down to PostgreSQL (a range it filters in Go after reading the
 * whole collection), and MongoDB answers it from the `changed_bucket` index (see read-model/catch-up.ts).
 */
export const CHANGE_BUCKET_MS = 10_000;

export interface ChangeStamp {
  changedAt: Date;
  changedBucket: Date;
}

export const bucketOf = (ms: number) => new Date(Math.floor(ms / CHANGE_BUCKET_MS) * CHANGE_BUCKET_MS);

export function changeStamp(at: Date = new Date()): ChangeStamp {
  return { changedAt: at, changedBucket: bucketOf(at.getTime()) };
}
