/** ln(eᵃ + eᵇ) without overflow; −Infinity inputs behave as zero terms. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** ln(eᵃ − eᵇ) for a ≥ b, computed as a + ln(1 − e^(b−a)) so near-equal terms keep their precision. */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  const d = b - a;
  if (d >= 0) return Number.NEGATIVE_INFINITY;
  // ln(1 − eᵈ): expm1 is exact for small |d|, log1p for large |d| (Mächler's log1mexp).
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** 1 / (1 + eˡ) without overflow: exactly 0 once eˡ is beyond double range, never NaN. */
export function inverseOnePlusExp(l: number): number {
  if (l > 745) return 0;
  if (l < -40) return 1;
  return 1 / (1 + Math.exp(l));
}
