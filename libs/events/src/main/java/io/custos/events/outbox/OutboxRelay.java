package io.custos.events.outbox;

import io.custos.events.CloudEventCodec;
import io.custos.events.SqlNames;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes unsent outbox rows in id order and marks them sent in the same database
 * transaction that locked them. A pass that cannot publish everything rolls back, so rows stay
 * unsent until the broker is back: an outage delays events, never loses them. A row may be
 * published twice if the commit fails after the broker acknowledged it; consumers are
 * idempotent for that reason.
 *
 * <p>Only one relay per schema works at a time (a transaction-scoped advisory lock), which keeps
 * the per-key order of events even with several replicas.
 */
public final class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final Producer<String, byte[]> producer;
    private final int batchSize;
    private final long sendTimeoutMillis;
    private final String lockSql;
    private final String selectSql;
    private final String markSentSql;
    private final String markFailedSql;

    public OutboxRelay(DataSource dataSource, String schema, Producer<String, byte[]> producer,
            int batchSize, long sendTimeoutMillis) {
        String s = SqlNames.schema(schema);
        this.dataSource = dataSource;
        this.producer = producer;
        this.batchSize = batchSize;
        this.sendTimeoutMillis = sendTimeoutMillis;
        this.lockSql = "SELECT pg_try_advisory_xact_lock(hashtext('custos-outbox:" + s + "'))";
        this.selectSql = "SELECT id, topic, message_key, payload FROM " + s
                + ".outbox WHERE sent_at IS NULL ORDER BY id LIMIT ? FOR UPDATE";
        this.markSentSql = "UPDATE " + s + ".outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY (?)";
        this.markFailedSql = "UPDATE " + s + ".outbox SET attempts = attempts + 1, last_error = ? WHERE id = ANY (?)";
    }

    /** One pass: publishes up to one batch. Returns how many rows were published and marked sent. */
    public int relayOnce() {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    return 0;
                }
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(selectSql)) {
                    ps.setInt(1, batchSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            ProducerRecord<String, byte[]> record =
                                    new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getBytes(4));
                            record.headers().add("content-type",
                                    CloudEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                            sends.add(producer.send(record));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis);
                for (Future<RecordMetadata> send : sends) {
                    send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                try (PreparedStatement ps = c.prepareStatement(markSentSql)) {
                    ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                    ps.executeUpdate();
                }
                c.commit();
                return ids.size();
            } catch (Exception e) {
                c.rollback();
                LOG.warn("outbox relay pass failed for {} event(s); they stay queued: {}", ids.size(), e.toString());
                recordFailure(ids, e);
                return 0;
            }
        } catch (SQLException e) {
            LOG.warn("outbox relay cannot reach the database: {}", e.toString());
            return 0;
        }
    }

    /** Relays until the outbox is empty or a pass makes no progress; returns the total published. */
    public int drain() {
        int total = 0;
        int n;
        while ((n = relayOnce()) > 0) {
            total += n;
        }
        return total;
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lockSql); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private void recordFailure(List<Long> ids, Exception error) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(markFailedSql)) {
            c.setAutoCommit(true);
            String message = String.valueOf(error.getMessage());
            ps.setString(1, message.length() > 500 ? message.substring(0, 500) : message);
            ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("could not record outbox failure", e);
        }
    }
}
