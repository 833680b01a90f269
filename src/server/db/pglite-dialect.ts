import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

/**
 * Lets Kysely's PostgreSQL dialect run on embedded PGlite. PGlite is a single session, so the
 * "pool" hands out one connection at a time: a transaction holds it until COMMIT or ROLLBACK, and
 * every other query waits its turn, which gives the same isolation a real pool would.
 */
export function createPGliteDialect(pg: PGlite): PostgresDialect {
  let queue: Promise<void> = Promise.resolve();

  const pool: PostgresPool = {
    options: {},
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => { release = resolve; });
      const previous = queue;
      queue = queue.then(() => turn);
      await previous;
      const client = {
        async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
          const result = await pg.query<R>(sql, parameters as unknown[]);
          const command = (sql.trimStart().split(/\s/, 1)[0] ?? 'SELECT').toUpperCase() as Command;
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release: () => release(),
      };
      return client as unknown as PostgresPoolClient; // only query/release are used by Kysely's driver
    },
    async end() { /* the PGlite instance is closed by its owner */ },
  };
  return new PostgresDialect({ pool });
}
