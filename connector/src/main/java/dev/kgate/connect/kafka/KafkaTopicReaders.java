package dev.kgate.connect.kafka;

import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ws.out.OutSocketParameters;
import dev.kgate.http.ws.out.TopicReader;
import dev.kgate.http.ws.out.TopicReaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a Kafka consumer per {@code /socket/out} socket (read on the worker's shared {@link ReaderPool}), from the
 * connector's {@code kafka.*} settings, and checks
 * before the upgrade what would otherwise fail after it: the group's sessions (one socket per {@code clientId}, no
 * more sockets than partitions), and the socket's own Kafka credentials and ACLs ({@code X-Kafka-Auth}).
 */
public final class KafkaTopicReaders implements TopicReaders {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopicReaders.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** Sockets open in this worker, by group and client id: the group's own view lags behind a join. */
    private static final ConcurrentHashMap<String, Session> ACTIVE = new ConcurrentHashMap<>();

    /** One socket's claim on its client id; a client reconnecting while its old socket closes waits for it. */
    static final class Session {
        volatile boolean closing;
        final CompletableFuture<Void> closed = new CompletableFuture<>();
    }

    /** retry.backoff.ms of the sockets' consumers, unless kafka.retry.backoff.ms says otherwise. */
    static final long HEARTBEAT_THREAD_WAKE_MS = 1_000;

    private final Admin admin;
    private final Map<String, Object> clientProps;

    /** @param readerThreads threads of the worker's {@link ReaderPool} this connector asks for */
    public KafkaTopicReaders(Admin admin, Map<String, Object> clientProps, int readerThreads) {
        this.admin = admin;
        this.clientProps = Map.copyOf(clientProps);
        ReaderPool.ensureThreads(readerThreads);
    }

    @Override
    public TopicReader open(OutSocketParameters parameters, KafkaCredentials credentials) throws Refusal {
        String key = parameters.groupId() + "\u0000" + parameters.clientId();
        Session session = claim(key, parameters);
        KafkaConsumer<byte[], byte[]> consumer = null;
        try {
            checkGroup(parameters);
            consumer = new KafkaConsumer<>(consumerProps(clientProps, parameters, credentials));
            checkAccess(consumer, parameters.topic());
            return new KafkaTopicReader(consumer, admin, parameters, session, () -> {
                ACTIVE.remove(key, session);
                session.closed.complete(null);
            });
        } catch (Refusal | RuntimeException e) {
            ACTIVE.remove(key, session);
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
            throw e;
        }
    }

    /** Claims the client id in this worker, waiting for a socket of the same client that is closing. */
    private static Session claim(String key, OutSocketParameters parameters) throws Refusal {
        Session mine = new Session();
        Session previous = ACTIVE.putIfAbsent(key, mine);
        if (previous == null) {
            return mine;
        }
        if (previous.closing) {
            try {
                previous.closed.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Still closing: refused below.
            }
            if (ACTIVE.putIfAbsent(key, mine) == null) {
                return mine;
            }
        }
        throw new Refusal(409, alreadyConnected(parameters));
    }

    private static String alreadyConnected(OutSocketParameters parameters) {
        return "clientId '" + parameters.clientId() + "' is already connected in group '" + parameters.groupId()
                + "'";
    }

    /** One socket per client id, and no more sockets in a group than the topic has partitions. */
    private void checkGroup(OutSocketParameters parameters) throws Refusal {
        try {
            ConsumerGroupDescription group = describe(parameters.groupId());
            int partitions = admin.describeTopics(List.of(parameters.topic())).allTopicNames()
                    .get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(parameters.topic()).partitions().size();
            List<MemberDescription> members = group == null ? List.of() : List.copyOf(group.members());
            for (MemberDescription member : members) {
                if (member.clientId().equals(parameters.clientId())) {
                    throw new Refusal(409, alreadyConnected(parameters));
                }
            }
            if (members.size() >= partitions) {
                throw new Refusal(409, "Group '" + parameters.groupId() + "' already has " + members.size()
                        + " consumer(s) for the " + partitions + " partition(s) of '" + parameters.topic()
                        + "': another socket would get nothing");
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                // Deleted since the front's cached existence check.
                throw new Refusal(404, TopicExistence.missing(parameters.topic()));
            }
            log.warn("Cannot check group '{}' for topic '{}': {}", parameters.groupId(), parameters.topic(),
                    e.getCause().toString());
            throw new Refusal(503, "Kafka could not be asked about group '" + parameters.groupId() + "' and topic '"
                    + parameters.topic() + "': retry later");
        } catch (TimeoutException e) {
            throw new Refusal(503, "Kafka did not describe group '" + parameters.groupId() + "' in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(503, "Interrupted while checking group '" + parameters.groupId() + "'");
        }
    }

    /** @return null for a group Kafka does not know yet (Kafka 4 answers GroupIdNotFound for those) */
    private ConsumerGroupDescription describe(String groupId)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return admin.describeConsumerGroups(List.of(groupId)).all()
                    .get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(groupId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    /** A metadata request with the socket's own credentials: wrong ones fail here, before the upgrade. */
    private static void checkAccess(KafkaConsumer<byte[], byte[]> consumer, String topic) throws Refusal {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, CHECK_TIMEOUT);
            if (partitions.isEmpty()) {
                throw new Refusal(404, TopicExistence.missing(topic));
            }
        } catch (AuthenticationException e) {
            throw new Refusal(401, "Kafka refused the credentials of X-Kafka-Auth");
        } catch (AuthorizationException e) {
            throw new Refusal(403, "Kafka's ACLs do not let these credentials read topic '" + topic + "'");
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new Refusal(503, "Kafka did not answer in time for topic '" + topic + "'");
        } catch (KafkaException e) {
            log.warn("Cannot read the partitions of topic '{}' for a socket: {}", topic, e.toString());
            throw new Refusal(503, "Kafka could not be asked about topic '" + topic + "': retry later");
        }
    }

    /** A socket's consumer: the connector's kafka.* settings, with the socket's group and the defaults below. */
    static Map<String, Object> consumerProps(Map<String, Object> clientProps, OutSocketParameters parameters,
                                             KafkaCredentials credentials) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, parameters.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, parameters.clientId());
        // Offsets are committed by the socket, after delivery or on the client's request, never on a timer.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, parameters.offsetResetStrategy());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, parameters.isolationLevel());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, parameters.batchSize());
        // Reading never creates a topic, whatever the broker's auto.create.topics.enable.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // The classic consumer's heartbeat thread, one per socket, wakes every retry.backoff.ms to check whether a
        // heartbeat is due: at Kafka's 100 ms, 2,000 idle sockets took 0.77 of 2 cores in those threads alone. A
        // heartbeat due is still sent on time (the reader's polls wake the thread); failed requests back off 1 s.
        props.putIfAbsent(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, HEARTBEAT_THREAD_WAKE_MS);
        // Client telemetry (KIP-714) keeps a key and a timestamp per metric of every consumer, for brokers that collect
        // it; the JMX reporter would publish about 155 metrics per socket, 310,000 at 2,000 sockets, for exporters to
        // scrape (Kafka's app-info MBean stays). Heap per idle consumer, 200 consumers: 275 KiB with both, 196 KiB
        // without telemetry, 182 KiB without either.
        props.putIfAbsent(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putIfAbsent(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, List.of());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        String protocol = String.valueOf(props.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
        if (credentials != null && protocol.toUpperCase(Locale.ROOT).startsWith("SASL")) {
            String mechanism = String.valueOf(props.getOrDefault(SaslConfigs.SASL_MECHANISM, "PLAIN"));
            props.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(mechanism, credentials));
        }
        return props;
    }

    private static String jaas(String mechanism, KafkaCredentials credentials) {
        String module = mechanism.toUpperCase(Locale.ROOT).startsWith("SCRAM")
                ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return module + " required username=\"" + escape(credentials.username()) + "\" password=\""
                + escape(credentials.password()) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
