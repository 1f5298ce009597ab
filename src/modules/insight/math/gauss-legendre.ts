/** Nodes and weights of n-point Gauss–Legendre quadrature on [−1, 1]. */
export type GaussLegendre = { nodes: Float64Array; weights: Float64Array };

/**
 * Computed once from the Legendre recurrence by Newton's method from the Chebyshev-like first
 * guesses (Numerical Recipes' `gauleg` scheme): nodes and weights to full double precision.
 */
export function gaussLegendre(n: number): GaussLegendre {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let k = 1; k <= n; k++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * k - 1) * z * p1 - (k - 1) * p2) / k;
      }
      derivative = (n * (z * p0 - p1)) / (z * z - 1);
      const step = p0 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = 2 / ((1 - z * z) * derivative * derivative);
    weights[n - 1 - i] = weights[i] as number;
  }
  return { nodes, weights };
}
