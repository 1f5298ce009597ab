// Creates or drops one database on a server: CI's own, never anyone else's.
import pg from 'pg';

const [action, adminUrl, name] = process.argv.slice(2);
if (!/^tenure_ci_[a-z0-9_]+$/.test(name ?? '')) throw new Error(`refusing to touch database "${name}"`);
const client = new pg.Client({ connectionString: adminUrl });
await client.connect();
if (action === 'create') await client.query(`create database ${name}`);
else if (action === 'drop') await client.query(`drop database if exists ${name} with (force)`);
else throw new Error(`unknown action ${action}`);
await client.end();
console.log(`${action}d database ${name}`);
