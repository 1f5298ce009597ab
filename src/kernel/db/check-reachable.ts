import pg from 'pg';

type PgConnectError = Error & { code?: string };

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/**
 * Connects once before anything else touches the database, so that a command that cannot reach
 * it says where it looked and what to check, instead of failing deep inside a migration or a
 * query with a driver error.
 */
export async function checkReachable(url: string, hint: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    const e = err as PgConnectError;
    const why =
      e.code === 'ECONNREFUSED'
        ? 'nothing is listening there'
        : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
          ? 'the host name does not resolve'
          : e.code === '28P01' || e.code === '28000'
            ? 'the user name or password is not accepted'
            : e.code === '3D000'
              ? 'that database does not exist'
              : (e.message ?? String(err));
    throw new Error(`Cannot reach the database at ${redactUrl(url)}: ${why}.\n${hint}`);
  } finally {
    await client.end().catch(() => {});
  }
}
