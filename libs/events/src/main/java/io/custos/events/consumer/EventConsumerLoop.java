package io.custos.events.consumer;

import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.KafkaSettings;
import io.custos.events.MalformedEventException;
import io.custos.events.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-threaded consumer: decode, hand to the handler (retrying with backoff), dead-letter
 * what cannot be processed with the reason in headers, and commit offsets only after the
 * records before them are done. A record is never skipped silently: if even the dead-letter
 * publish fails, the loop rewinds and tries again.
 */
public final class EventConsumerLoop implements Runnable, AutoCloseable {

    public static final String DLT_REASON = "custos-dlt-reason";
    public static final String DLT_CONSUMER = "custos-dlt-consumer";
    public static final String DLT_SOURCE = "custos-dlt-source";

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumerLoop.class);
    /** Distinct client ids for several loops of one consumer group in one JVM. */
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    private final ConsumerSettings settings;
    private final EventHandler handler;
    private final CloudEventCodec codec = new CloudEventCodec();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> deadLetters;

    public EventConsumerLoop(ConsumerSettings settings, EventHandler handler) {
        this.settings = settings;
        this.handler = handler;
        int instance = INSTANCES.incrementAndGet();
        this.consumer = new KafkaConsumer<>(KafkaSettings.consumer(settings.bootstrapServers(), settings.name(),
                settings.name() + "-consumer-" + instance));
        this.deadLetters = new KafkaProducer<>(
                KafkaSettings.producer(settings.bootstrapServers(), settings.name() + "-dlt-" + instance));
    }

    @Override
    public void run() {
        consumer.subscribe(settings.topics());
        try {
            while (running.get()) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    if (running.get()) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    // Broker or commit trouble: records not committed are redelivered, handlers are idempotent.
                    LOG.warn("consumer {} pass failed, retrying: {}", settings.name(), e.toString());
                    sleep(settings.retryBackoff());
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    if (!running.get() || !process(record)) {
                        consumer.seek(partition, record.offset());
                        break;
                    }
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
            }
        } finally {
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        }
    }

    /** True when the record is finished with (handled or dead-lettered); false to retry it later. */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = codec.decode(record.value());
        } catch (MalformedEventException e) {
            return deadLetter(record, e.getMessage());
        }
        Duration backoff = settings.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(record.topic(), event);
                return true;
            } catch (MalformedEventException e) {
                return deadLetter(record, e.getMessage());
            } catch (Exception e) {
                if (attempt >= settings.maxAttempts()) {
                    return deadLetter(record, "handler failed " + attempt + " times: " + e);
                }
                LOG.warn("consumer {}: event {} failed (attempt {}/{}): {}", settings.name(), event.id(), attempt,
                        settings.maxAttempts(), e.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
                if (!running.get()) {
                    return false;
                }
            }
        }
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(TopicNames.deadLetterOf(record.topic()),
                record.key(), record.value());
        for (Header h : record.headers()) {
            dead.headers().add(h);
        }
        dead.headers().add(DLT_REASON, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DLT_CONSUMER, settings.name().getBytes(StandardCharsets.UTF_8));
        dead.headers().add(DLT_SOURCE, (record.topic() + "/" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(dead).get(15, TimeUnit.SECONDS);
            LOG.warn("consumer {}: dead-lettered {} ({})", settings.name(), record.topic() + "@" + record.offset(),
                    reason);
            return true;
        } catch (Exception e) {
            LOG.warn("consumer {}: dead-letter publish failed, will retry: {}", settings.name(), e.toString());
            sleep(settings.retryBackoff());
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop; safe from any thread. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
