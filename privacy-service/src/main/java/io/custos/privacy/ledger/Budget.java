package io.custos.privacy.ledger;

/**
 * A dataset's budget. {@code epsilonSpent} is the plain sum of committed runs (what the limit
 * is enforced against, with open reservations); {@code epsilonComposed} is the tighter RDP
 * composition of the committed runs' curves at {@code deltaSpent}.
 */
public record Budget(String datasetId, double epsilonLimit, double deltaLimit, double epsilonSpent,
        double epsilonReserved, double epsilonRemaining, double deltaSpent, double deltaReserved,
        Double epsilonComposed, int committedRuns, int openReservations) {
}
