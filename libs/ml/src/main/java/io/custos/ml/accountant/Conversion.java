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
    IMPROVED;

    /** "improved" (also the default for null) or "classic", as the CLI and the API spell it. */
    public static Conversion parse(String value) {
        if (value == null || value.equalsIgnoreCase("improved")) {
            return IMPROVED;
        }
        if (value.equalsIgnoreCase("classic")) {
            return CLASSIC;
        }
        throw new IllegalArgumentException("conversion must be improved or classic, was " + value);
    }
}
