import type { Ctx } from '../../kernel/context.ts';
import { loadRoster, type Roster } from '../staff/index.ts';

// Teams, hours and members change a few times a day; red flags can arrive hundreds of times a
// second. Routing re-reads the roster at most this often per process (wall-clock, not ctx.clock:
// this is about freshness of configuration, not about business time).
const TTL_MS = 5_000;
const cache = new WeakMap<object, { at: number; roster: Promise<Roster> }>();

/** The roster, at most a few seconds old. Who is on shift is still computed for the exact moment. */
export function getRoster(ctx: Pick<Ctx, 'db'>): Promise<Roster> {
  const hit = cache.get(ctx.db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.roster;
  const roster = loadRoster(ctx);
  cache.set(ctx.db, { at: Date.now(), roster });
  roster.catch(() => cache.delete(ctx.db));
  return roster;
}
