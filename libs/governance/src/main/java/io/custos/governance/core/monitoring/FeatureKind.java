package io.custos.governance.core.monitoring;

/** How a feature's distribution is summarised: a histogram over bin edges, or counts per category. */
public enum FeatureKind {
    NUMERIC, CATEGORICAL
}
