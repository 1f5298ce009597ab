import { type Difference, welchFromStats } from './compare-means.ts';
import { type Moments, mean, sampleVariances } from './moments.ts';

/**
 * CUPED (Deng et al., 2013): each customer's outcome Y is adjusted for their pre-period spend X,
 * Y' = Y − θ(X − X̄), with θ = cov(Y, X) / var(X) pooled within the two arms (so the treatment
 * itself does not leak into θ). X is measured before eligibility and so cannot be moved by the
 * treatment: the adjusted difference estimates the same effect, with variance shrunk by the
 * share of Y's variance X explains. Compared with Welch on the adjusted outcomes, θ taken as known.
 * Falls back to θ = 0 (no adjustment) when X does not vary.
 */
export function cuped(treated: Moments, heldOut: Moments): (Difference & { theta: number }) | null {
  if (treated.n < 2 || heldOut.n < 2) return null;
  const vt = sampleVariances(treated);
  const vc = sampleVariances(heldOut);
  const dt = treated.n - 1;
  const dc = heldOut.n - 1;
  const pooledVx = (vt.vx * dt + vc.vx * dc) / (dt + dc);
  const pooledCxy = (vt.cxy * dt + vc.cxy * dc) / (dt + dc);
  const theta = pooledVx > 0 ? pooledCxy / pooledVx : 0;
  const xBar = (treated.sx + heldOut.sx) / (treated.n + heldOut.n);
  const arm = (m: Moments, v: typeof vt) => ({
    n: m.n,
    mean: mean(m.n, m.sy) - theta * (mean(m.n, m.sx) - xBar),
    variance: Math.max(0, v.vy - 2 * theta * v.cxy + theta * theta * v.vx),
  });
  const d = welchFromStats(arm(treated, vt), arm(heldOut, vc));
  return d && { ...d, theta };
}
