/** How `stepdown backup` hands a PostgreSQL URL to pg_dump: never with the password on the command line. */
import { describe, expect, it } from 'vitest';
import { pgToolConnection } from './pg-tools.js';

describe('pgToolConnection', () => {
  it('moves the password from the URL to PGPASSWORD, decoded, and keeps the rest of the URL', () => {
    const { dbname, env } = pgToolConnection(
      'postgres://clinic:p%40ss%2Fw0rd@db.example.org:5433/stepdown?sslmode=require',
      {
        PATH: '/usr/bin',
      },
    );
    expect(dbname).toBe('postgres://clinic@db.example.org:5433/stepdown?sslmode=require');
    expect(env).toEqual({ PATH: '/usr/bin', PGPASSWORD: 'p@ss/w0rd' });
  });

  it('moves a password given as a query parameter too', () => {
    const { dbname, env } = pgToolConnection('postgresql://clinic@db/stepdown?password=secret&application_name=x', {});
    expect(dbname).toBe('postgresql://clinic@db/stepdown?application_name=x');
    expect(env.PGPASSWORD).toBe('secret');
  });

  it('leaves a URL without a password, and the environment, as they are', () => {
    const { dbname, env } = pgToolConnection('postgres://postgres@127.0.0.1:55432/postgres', {
      PGPASSWORD: 'from-env',
    });
    expect(dbname).toBe('postgres://postgres@127.0.0.1:55432/postgres');
    expect(env).toEqual({ PGPASSWORD: 'from-env' });
  });
});
