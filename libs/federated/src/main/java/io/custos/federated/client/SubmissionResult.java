package io.custos.federated.client;

/** What became of a submitted update, for the answers a client carries on after. */
public enum SubmissionResult {
    /** 202: the update counts for the round. */
    ACCEPTED,
    /** 409 DUPLICATE: this client's update for the round was accepted before (e.g. a retry after a lost answer). */
    ALREADY_ACCEPTED,
    /** 403 NOT_SAMPLED: the server did not pick this client for the round. */
    NOT_SAMPLED,
    /** 410 LATE: the round stopped accepting updates before this one arrived. */
    LATE
}
