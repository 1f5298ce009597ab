/** A rep's book as it stands: how many customers and their summed CLV (minor units). */
export type Load = { staffId: string; count: number; clvMinor: number };

/**
 * Gives each customer to the rep with the fewest customers, ties broken by the lower CLV total,
 * then by id (deterministic, so a preview is what apply does). Customers go in descending CLV:
 * large accounts are spread first and small ones fill the gaps, so counts end within one of each
 * other (from even books) and CLV totals close to even. `loads` is updated in place, so several
 * batches in a row keep balancing against each other.
 */
export function planAssignment(
  customers: { id: string; clvMinor: number }[],
  loads: Map<string, Load>,
  targets: string[],
): Map<string, string> {
  const plan = new Map<string, string>();
  if (!targets.length) return plan;
  for (const t of targets) if (!loads.has(t)) loads.set(t, { staffId: t, count: 0, clvMinor: 0 });
  const sorted = [...customers].sort((a, b) => b.clvMinor - a.clvMinor || a.id.localeCompare(b.id));
  for (const c of sorted) {
    let best: Load | undefined;
    for (const t of targets) {
      const l = loads.get(t) as Load;
      if (
        !best ||
        l.count < best.count ||
        (l.count === best.count &&
          (l.clvMinor < best.clvMinor || (l.clvMinor === best.clvMinor && l.staffId < best.staffId)))
      )
        best = l;
    }
    const b = best as Load;
    b.count += 1;
    b.clvMinor += c.clvMinor;
    plan.set(c.id, b.staffId);
  }
  return plan;
}
