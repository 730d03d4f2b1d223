package dev.kgate.bench.faults;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a topic for the readers, straight to the broker's direct listener so that no fault touches it: a backlog
 * at once, then a steady rate until stopped, every partition in turn, so that each partition has records before,
 * during and after a fault.
 */
final class SteadyProducer {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String topic;
    private final int perSecond;
    private final KafkaProducer<String, String> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private final int partitions;
    private long sent;
    private volatile boolean stopping;

    SteadyProducer(String topic, int perSecond) {
        this.topic = topic;
        this.perSecond = perSecond;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FaultCluster.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
        this.partitions = producer.partitionsFor(topic).size();
        this.thread = new Thread(this::run, "steady-producer-" + topic);
        thread.setDaemon(true);
    }

    /** Writes {@code backlog} records and waits for Kafka's acks, then goes on at the steady rate in the background. */
    void start(int backlog) {
        for (int i = 0; i < backlog; i++) {
            send();
        }
        producer.flush();
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        double due = 0;
        while (!stopping) {
            due += perSecond * (TICK_NANOS / 1e9);
            for (; due >= 1; due--) {
                send();
            }
            next += TICK_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void send() {
        long n = sent++;
        producer.send(new ProducerRecord<>(topic, (int) (n % partitions), null, "{\"n\":" + n + "}"),
                (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
    }

    /** Stops, and waits until Kafka has acknowledged everything sent. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join();
        producer.close(Duration.ofSeconds(30));
    }

    void throwIfFailed() {
        if (failure.get() != null) {
            throw new IllegalStateException("Writing " + topic + " failed", failure.get());
        }
    }
}
