package io.custos.events.outbox;

import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes events to a service's {@code outbox} table on the caller's connection, so the event
 * commits or rolls back with the state change it describes.
 */
public final class OutboxStore {

    private final String insertSql;
    private final CloudEventCodec codec;

    public OutboxStore(String schema, CloudEventCodec codec) {
        this.codec = codec;
        this.insertSql = "INSERT INTO " + SqlNames.schema(schema)
                + ".outbox (event_id, tenant, topic, message_key, event_type, payload) VALUES (?::uuid, ?, ?, ?, ?, ?)";
    }

    /**
     * Appends one event, keyed by its aggregate id.
     *
     * @param connection a connection taking part in the caller's transaction; not closed here
     */
    public void append(Connection connection, String topic, String key, EventEnvelope event) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(insertSql)) {
            ps.setString(1, event.id());
            ps.setString(2, event.tenant());
            ps.setString(3, topic);
            ps.setString(4, key);
            ps.setString(5, event.type());
            ps.setBytes(6, codec.encode(event));
            ps.executeUpdate();
        }
    }
}
