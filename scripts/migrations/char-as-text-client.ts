import pg from 'pg';

const CHAR_OID = 18; // PostgreSQL's one-byte "char" type
const TEXT_OID = 25;

type Fields = { dataTypeID: number }[];

function relabelChar(result: unknown): unknown {
  for (const r of Array.isArray(result) ? result : [result]) {
    const fields = (r as { fields?: Fields } | null)?.fields;
    fields?.forEach((f) => {
      if (f.dataTypeID === CHAR_OID) f.dataTypeID = TEXT_OID;
    });
  }
  return result;
}

/**
 * A pg client that reports "char" columns as text. The schema engine's catalog queries return "char"
 * columns, which @prisma/adapter-pg 7.10 refuses to deserialize; their values are plain strings anyway.
 */
export class CharAsTextClient extends pg.Client {
  // One override for all of pg's overloads: callback style (used by pg.Pool) and promise style. pg types each
  // overload apart, so the one forwarding them all can only take and give `any`.
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument */
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, res: unknown) => last(err, err ? res : relabelChar(res));
      return (super.query as (...a: any[]) => any)(...args);
    }
    const ret = (super.query as (...a: any[]) => any)(...args);
    return ret instanceof Promise ? ret.then(relabelChar) : ret;
  }
  /* eslint-enable */
}
