package io.custos.privacy.ledger;

import java.time.OffsetDateTime;

/** One ledger row as the report shows it. */
public record LedgerEntry(long id, String datasetId, String jobId, String entry, double epsilon, double delta,
        String accountant, double[] rdpOrders, double[] rdp, String note, String recordedBy,
        OffsetDateTime recordedAt) {
}
