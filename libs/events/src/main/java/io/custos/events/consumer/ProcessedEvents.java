package io.custos.events.consumer;

import io.custos.events.EventEnvelope;
import io.custos.events.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The consumer side of exactly-once effect: a handler records the event id in the same
 * transaction as its state change, and skips the change when the id was already there.
 */
public final class ProcessedEvents {

    private final String insertSql;

    public ProcessedEvents(String schema) {
        this.insertSql = "INSERT INTO " + SqlNames.schema(schema)
                + ".processed_events (consumer, event_id, tenant, event_type) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (consumer, event_id) DO NOTHING";
    }

    /**
     * Records the event as processed by {@code consumer}.
     *
     * @return true when this is the first time, false for a duplicate (do nothing then)
     */
    public boolean markProcessed(Connection connection, String consumer, EventEnvelope event) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(insertSql)) {
            ps.setString(1, consumer);
            ps.setString(2, event.id());
            ps.setString(3, event.tenant());
            ps.setString(4, event.type());
            return ps.executeUpdate() == 1;
        }
    }
}
