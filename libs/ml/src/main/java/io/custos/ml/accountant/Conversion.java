package io.custos.ml.accountant;

/** How an RDP curve becomes an (epsilon, delta) guarantee. */
public enum Conversion {
    /** Mironov 2017, Proposition 3: eps = rdp(a) + log(1/delta) / (a - 1). */
    CLASSIC,
    /**
     * Balle, Barthe, Gaboardi, Hsu, Sato 2020 (Hypothesis testing interpretations and Renyi DP,
     * Theorem 21), as used by Google dp_accounting, TF Privacy and Opacus:
     * eps = rdp(a) + log((a - 1) / a) - (log(delta) + log(a)) / (a - 1). Never worse than CLASSIC.
     */
    IMPROVED
}
