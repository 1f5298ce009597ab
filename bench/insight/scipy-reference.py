"""Reference BG/NBD + Gamma-Gamma maximum-likelihood fit with scipy, for bench/insight-bench.ts.

Reads a CSV of x,tx,T,zbar (CDNOW calibration summary in weeks), fits both models the way the
Python reference packages do (log-parameters, scipy.optimize.minimize), repeats the pair of fits
and prints one JSON line: parameters, log-likelihoods and the median time in milliseconds.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln


def bgnbd_nll(logp, x, tx, T):
    r, alpha, a, b = np.exp(logp)
    A = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    t1 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    t2 = np.where(x > 0, betaln(a + 1, np.maximum(b + x - 1, 1e-12)) - betaln(a, b) - (r + x) * np.log(alpha + tx), -np.inf)
    return -np.sum(A + np.logaddexp(t1, t2))


def gg_nll(logp, x, m):
    p, q, v = np.exp(logp)
    px = p * x
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(x * m + v)
    return -np.sum(ll)


def fit(x, tx, T, zbar):
    bg = minimize(bgnbd_nll, np.zeros(4), args=(x, tx, T), method="Nelder-Mead",
                  options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20000, "maxfev": 20000})
    keep = x > 0
    gg = minimize(gg_nll, np.zeros(3), args=(x[keep], zbar[keep]), method="Nelder-Mead",
                  options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20000, "maxfev": 20000})
    return bg, gg


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x, tx, T, zbar = data[:, 0], data[:, 1], data[:, 2], data[:, 3]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        bg, gg = fit(x, tx, T, zbar)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "bgNbd": np.exp(bg.x).tolist(), "bgNbdLogLikelihood": -bg.fun, "bgNbdEvaluations": int(bg.nfev),
        "gammaGamma": np.exp(gg.x).tolist(), "gammaGammaLogLikelihood": -gg.fun,
        "medianMs": float(np.median(times)), "minMs": float(np.min(times)),
        "scipy": __import__("scipy").__version__,
    }))


main()
