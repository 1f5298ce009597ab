import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../../kernel/context.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { Role } from '../../../kernel/http/access.ts';
import { createStaff, findStaffByEmail, setStaffPassword } from '../../staff/index.ts';

export const DEMO_STAFF: readonly { email: string; name: string; role: Role; timeZone: string }[] = [
  { email: 'admin@demo.tenure', name: 'Morgan Reyes', role: 'admin', timeZone: 'America/New_York' },
  { email: 'manager@demo.tenure', name: 'Priya Shah', role: 'manager', timeZone: 'America/Chicago' },
  { email: 'sam@demo.tenure', name: 'Sam Carter', role: 'agent', timeZone: 'America/New_York' },
  { email: 'lena@demo.tenure', name: 'Lena Novak', role: 'agent', timeZone: 'America/Chicago' },
  { email: 'jordan@demo.tenure', name: 'Jordan Blake', role: 'agent', timeZone: 'America/Los_Angeles' },
];

export type DemoStaffMember = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Only when this run created the user or reset its password: stored hashed, never shown again. */
  password?: string;
};

/**
 * Creates the demo team (an admin, a manager and three reps) with random passwords, or finds
 * them when an earlier run created them. Random rather than fixed passwords, because a demo
 * database has a way of ending up on a server. `resetPasswords` gives the ones that already
 * existed new random passwords (their old ones were printed once and may be lost).
 */
export async function ensureDemoStaff(
  ctx: Pick<Ctx, 'db'>,
  opts: { resetPasswords?: boolean } = {},
): Promise<DemoStaffMember[]> {
  const out: DemoStaffMember[] = [];
  for (const s of DEMO_STAFF) {
    const password = randomBytes(12).toString('base64url');
    try {
      const created = await createStaff(ctx, { ...s, password });
      out.push({ id: created.id, email: created.email, name: created.name, role: created.role, password });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
      const found = await findStaffByEmail(ctx, s.email);
      if (!found) throw err;
      if (opts.resetPasswords) await setStaffPassword(ctx, found.id, password);
      out.push({
        id: found.id,
        email: s.email,
        name: found.name,
        role: found.role,
        password: opts.resetPasswords ? password : undefined,
      });
    }
  }
  return out;
}
