package io.custos.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.events.consumer.ConsumerSettings;
import io.custos.events.consumer.EventConsumerLoop;
import io.custos.events.consumer.ProcessedEvents;
import io.custos.events.outbox.OutboxRelay;
import io.custos.events.outbox.OutboxStore;
import io.custos.testsupport.KafkaBroker;
import io.custos.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery rules on real parts: PostgreSQL outbox, a real broker that goes down and comes
 * back, duplicates redelivered, and a poison message. The consumer's state must end with every
 * event exactly once.
 */
class OutboxDeliveryTest {

    /** A schema of its own per run, so concurrent builds on one database cannot interfere. */
    private static final String SCHEMA = "events_it_" + Long.toHexString(System.nanoTime());
    private static final String TOPIC = "training-completed";
    private static KafkaBroker broker;
    private static DataSource db;

    @BeforeAll
    static void setUp() throws Exception {
        broker = KafkaBroker.startNew();
        db = TestDatabase.dataSource();
        TestDatabase.recreateSchema(SCHEMA);
        String ddl = Files.readString(Path.of("src/main/resources/db/custos-events/V20261123_0__outbox_and_processed_events.sql"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            s.execute(ddl);
            s.execute("CREATE TABLE applied (event_id TEXT PRIMARY KEY, seq INT NOT NULL)");
        }
    }

    @AfterAll
    static void tearDown() throws SQLException {
        broker.close();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void everyEventArrivesExactlyOnceAcrossABrokerOutage() throws Exception {
        OutboxStore outbox = new OutboxStore(SCHEMA, new CloudEventCodec());
        ProcessedEvents processed = new ProcessedEvents(SCHEMA);
        AtomicInteger duplicatesSkipped = new AtomicInteger();

        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(broker.bootstrapServers(), "relay-it"));
        OutboxRelay relay = new OutboxRelay(db, SCHEMA, producer, 50, 8_000);
        AtomicBoolean relaying = new AtomicBoolean(true);
        Thread relayThread = new Thread(() -> {
            while (relaying.get()) {
                if (relay.relayOnce() == 0) {
                    sleep(50);
                }
            }
        });

        EventConsumerLoop consumer = new EventConsumerLoop(
                new ConsumerSettings(broker.bootstrapServers(), "it-consumer", List.of(TOPIC), 3, Duration.ofMillis(100)),
                (topic, event) -> {
                    try (Connection c = db.getConnection()) {
                        c.setAutoCommit(false);
                        if (processed.markProcessed(c, "it-consumer", event)) {
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".applied VALUES (?, ?)")) {
                                ps.setString(1, event.id());
                                ps.setInt(2, event.data().get("round").asInt());
                                ps.executeUpdate();
                            }
                        } else {
                            duplicatesSkipped.incrementAndGet();
                        }
                        c.commit();
                    }
                });
        Thread consumerThread = new Thread(consumer);
        relayThread.start();
        consumerThread.start();

        int total = 150;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (i == 50) {
                await().atMost(Duration.ofSeconds(60)).until(() -> count("applied") >= 20);
                broker.stop(); // outage: the next events can only wait in the outbox
            }
            if (i == 110) {
                sleep(2_000);
                assertTrue(unsent() > 0, "events written during the outage must still be queued");
                broker.start();
            }
            EventEnvelope e = CloudEventCodec.newEvent("/custos/it", EventTypes.ROUND_READY_V1, "fed-" + (i % 7), "acme",
                    null, new RoundReady("fed-" + (i % 7), i, List.of("a", "b"), "http://x/model", "00", null, "acme"));
            ids.add(e.id());
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                outbox.append(c, TOPIC, e.subject(), e);
                c.commit();
            }
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("applied") == total && unsent() == 0);

        // A relay that published but failed to mark sent republishes: consumers must not apply twice.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + SCHEMA + ".outbox SET sent_at = NULL WHERE id IN (SELECT id FROM " + SCHEMA
                    + ".outbox ORDER BY id LIMIT 10)");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> duplicatesSkipped.get() >= 10);

        // A poison message goes to the dead-letter topic and the consumer keeps going.
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(KafkaSettings.producer(broker.bootstrapServers(), "poison"))) {
            raw.send(new ProducerRecord<>(TOPIC, "poison", "{not a cloud event".getBytes(StandardCharsets.UTF_8))).get();
        }
        EventEnvelope after = CloudEventCodec.newEvent("/custos/it", EventTypes.ROUND_READY_V1, "fed-x", "acme", null,
                new RoundReady("fed-x", 999, List.of(), "http://x/model", "00", null, "acme"));
        try (Connection c = db.getConnection()) {
            outbox.append(c, TOPIC, after.subject(), after);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("applied") == total + 1);

        relaying.set(false);
        consumer.close();
        relayThread.join(20_000);
        consumerThread.join(20_000);
        producer.close();

        assertEquals(total + 1, count("applied"));
        assertEquals(total + 1, count("processed_events"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(DISTINCT event_id), count(*) FROM " + SCHEMA + ".applied")) {
            rs.next();
            assertEquals(rs.getInt(2), rs.getInt(1), "no event applied twice");
        }
        for (String id : ids) {
            assertEquals(1, countWhere("applied", "event_id = '" + id + "'"), "event " + id + " applied once");
        }

        ConsumerRecord<String, byte[]> dead = readOne(TopicNames.deadLetterOf(TOPIC));
        assertEquals("poison", dead.key());
        String reason = new String(dead.headers().lastHeader(EventConsumerLoop.DLT_REASON).value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains("not a CloudEvents"), reason);
        assertEquals("it-consumer",
                new String(dead.headers().lastHeader(EventConsumerLoop.DLT_CONSUMER).value(), StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<String, byte[]> readOne(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                KafkaSettings.consumer(broker.bootstrapServers(), "dlt-reader", "dlt-reader"))) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    return r;
                }
            }
        }
        throw new AssertionError("nothing on " + topic);
    }

    private static int unsent() throws SQLException {
        return countWhere("outbox", "sent_at IS NULL");
    }

    private static int count(String table) throws SQLException {
        return countWhere(table, "true");
    }

    private static int countWhere(String table, String where) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + table + " WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
