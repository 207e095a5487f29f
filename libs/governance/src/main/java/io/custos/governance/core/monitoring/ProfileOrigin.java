package io.custos.governance.core.monitoring;

/**
 * Why a reference profile may be stored and compared against at all: its statistics were either
 * released by a differentially private training run (their privacy cost is already in the ledger) or
 * declared public by a user who answers for that declaration. There is deliberately no value for
 * "computed from the raw training data".
 */
public enum ProfileOrigin {
    /** Noisy histograms released by a DP training job, paid for from the dataset's privacy budget. */
    DP_TRAINING,
    /** Statistics a user declared public (e.g. published aggregates); the declaration is theirs. */
    DECLARED_PUBLIC
}
