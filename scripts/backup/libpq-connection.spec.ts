import { describe, expect, it } from 'vitest';
import { databaseName, libpqConnection } from './libpq-connection';

describe('libpqConnection', () => {
  it('keeps the password out of the arguments, and drops what libpq refuses (Prisma parameters)', () => {
    const { uri, env } = libpqConnection('postgresql://shop:s%40cr%3At@db.internal:5433/flores?schema=orders&sslmode=require&connection_limit=5');
    expect(uri).toBe('postgresql://shop@db.internal:5433/flores?sslmode=require');
    expect(env.PGPASSWORD).toBe('s@cr:t');
  });

  it('leaves PGPASSWORD to the environment when the URL has no password', () => {
    const { uri, env } = libpqConnection('postgresql://postgres@127.0.0.1:5432/flores');
    expect(uri).toBe('postgresql://postgres@127.0.0.1:5432/flores');
    expect(env.PGPASSWORD).toBe(process.env.PGPASSWORD);
  });

  it('names the database, never the host or the credentials', () => {
    expect(databaseName('postgresql://shop:secret@db.internal:5432/flores_prod?sslmode=require')).toBe('flores_prod');
  });
});
