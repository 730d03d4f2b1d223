package dev.kgate.http.ws.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.metrics.SocketSide;
import dev.kgate.http.ws.ClosableSocket;
import dev.kgate.http.ws.OpenSockets;
import dev.kgate.http.ws.SocketPayload;
import dev.kgate.http.ws.avro.WrapperSchemas;
import dev.kgate.http.util.JsonBytes;
import dev.kgate.http.ws.wire.FrameHandler;
import dev.kgate.http.ws.wire.WebSocketConnection;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code /socket/out} connection: records from its {@link TopicReader} go out as frames; with
 * {@code autoCommit=true} a record counts as delivered once its frame reached the network, and only delivered
 * offsets are committed; with {@code autoCommit=false} the client commits with {@code {"wsProxyMessageId": ...}}.
 *
 * <p>Pace: the reader asks {@link #demand()} before handing records over. Demand is bounded by {@code rate} (a
 * token bucket holding at most a tenth of a second's worth), by {@code batchSize}, and by the records queued or
 * encoded but not yet taken by the client, so a slow client pauses the consumer instead of filling memory. After a 0
 * the socket wakes the reader when demand returns (the client took its backlog, or the rate allows a record), so a
 * waiting reader costs its shared pool nothing in between.
 *
 * <p>Threading: {@link #demand()} and {@link #deliver} run on a thread of the reader's pool, one call at a time;
 * frames are encoded and written on the connection's I/O thread.
 */
public final class ConsumerSocket implements FrameHandler, RecordSink, ClosableSocket {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_BATCH = 500;
    private static final int INTERNAL_ERROR = 1011;

    private final WebSocketConnection connection;
    private final OutSocketParameters parameters;
    private final TopicReader reader;
    private final OpenSockets open;
    private final String principalName;
    private final ConsumerFrames frames;
    private final int batch;
    private final ConcurrentLinkedQueue<OutRecord> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** demand() said 0 because the client has not taken what it was sent: wake the reader once it has. */
    private final AtomicBoolean readerWaiting = new AtomicBoolean();
    /** A wake of the reader is due when the rate allows the next record. */
    private final AtomicBoolean rateWakeScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    /** Next offset to commit per partition, for frames that reached the network: read by the reader's thread. */
    private final Map<Integer, Long> written = new ConcurrentHashMap<>();
    /** Per partition, one past the last record encoded (I/O thread only). */
    private final Map<Integer, Long> encoded = new HashMap<>();
    private volatile boolean outputBusy;
    // Token bucket for the rate, on the reader's thread.
    private double tokens;
    private long refilledAt = System.nanoTime();
    // Read by demand() on the reader's thread.
    private volatile int closeCode;
    private volatile boolean closed;
    /** The deadline for a close that waits for pending frames (I/O thread only); removed on close. */
    private XnioExecutor.Key closeDeadline;

    public ConsumerSocket(WebSocketConnection connection, OutSocketParameters parameters, TopicReader reader,
                          OpenSockets open, String principalName) {
        this.connection = connection;
        this.principalName = principalName;
        this.parameters = parameters;
        this.reader = reader;
        this.open = open;
        this.frames = new ConsumerFrames(parameters.keyType(), parameters.valType());
        this.batch = parameters.batchSize() > 0 ? parameters.batchSize() : DEFAULT_BATCH;
        this.tokens = Math.min(1, parameters.rate());
    }

    @Override
    public SocketSide side() {
        return SocketSide.OUT;
    }

    @Override
    public String principalName() {
        return principalName;
    }

    public void start() {
        open.add(this);
        connection.start(this);
        reader.start(this);
    }

    // ---- the reader's side ----

    @Override
    public int demand() {
        if (closed || closeCode != 0) {
            return 0;
        }
        // Set before looking, so that the I/O thread, which clears the backlog before it looks at this flag, cannot
        // miss a reader that is about to wait.
        readerWaiting.set(true);
        int room = outputBusy ? 0 : (int) Math.min(batch, 2L * batch - backlog.get());
        if (room <= 0) {
            return 0;
        }
        readerWaiting.set(false);
        if (parameters.rate() > 0) {
            long now = System.nanoTime();
            double burst = Math.max(1, parameters.rate() / 10.0);
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * parameters.rate());
            refilledAt = now;
            room = Math.min(room, (int) tokens);
            if (room <= 0) {
                wakeReaderWhenRateAllows();
                return 0;
            }
        }
        return room;
    }

    private void wakeReaderWhenRateAllows() {
        if (rateWakeScheduled.compareAndSet(false, true)) {
            long waitMicros = (long) Math.ceil((1 - tokens) / parameters.rate() * 1e6);
            connection.ioThread().executeAfter(() -> {
                rateWakeScheduled.set(false);
                reader.wake();
            }, Math.max(1_000, waitMicros), TimeUnit.MICROSECONDS);
        }
    }

    /** The client took its backlog: a reader waiting for that reads again. I/O thread. */
    private void wakeWaitingReader() {
        if (readerWaiting.getAndSet(false)) {
            reader.wake();
        }
    }

    @Override
    public void deliver(List<OutRecord> records) {
        if (parameters.rate() > 0) {
            tokens -= records.size();
        }
        incoming.addAll(records);
        backlog.addAndGet(records.size());
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!drainScheduled.getAndSet(true)) {
            connection.ioThread().execute(drain);
        }
    }

    @Override
    public Map<Integer, Long> written() {
        return written;
    }

    @Override
    public void commitFailed(String messageId, String reason) {
        connection.ioThread().execute(() -> sendError(messageId, "Commit failed: " + reason));
    }

    @Override
    public void failed(String reason) {
        closeWhenAnswered(INTERNAL_ERROR, reason);
    }

    // ---- the I/O thread's side ----

    /**
     * Encodes what the reader handed over, up to the output bound (the rest waits for the client to take its frames).
     * Once no more than a batch is left to encode, the reader is woken, so that it reads the next batch from Kafka
     * while this thread encodes the last one.
     */
    private void drain() {
        drainScheduled.set(false);
        OutRecord record;
        boolean any = false;
        while (!connection.outputBacklogged() && (record = incoming.poll()) != null) {
            if (backlog.decrementAndGet() == batch) {
                wakeWaitingReader();
            }
            if (closed || !connection.takesFrames()) {
                // Not sent, so not delivered: its offset is not committed, and the group reads it again.
                continue;
            }
            any = true;
            try {
                if (parameters.payload() == SocketPayload.AVRO) {
                    connection.sendBinary(frames.avro(record));
                } else {
                    JsonBytes frame = frames.encodeJson(record);
                    connection.sendText(frame.array(), 0, frame.length());
                }
            } catch (IllegalArgumentException e) {
                // Not silent, and not a poison pill: the client hears why, and the consumer moves on.
                sendError(record.messageId(), "Record " + record.messageId() + " cannot be shown as requested: "
                        + e.getMessage());
            }
            encoded.put(record.partition(), record.offset() + 1);
        }
        if (any) {
            connection.flush();
        }
        outputBusy = connection.outputBacklogged();
        if (!outputBusy) {
            wakeWaitingReader();
        }
    }

    @Override
    public void onOutputDrained() {
        // Everything encoded so far is on the network.
        written.putAll(encoded);
        outputBusy = false;
        if (!incoming.isEmpty()) {
            // Left when the output reached its bound. Scheduled, not called: this may run inside a drain's flush.
            scheduleDrain();
            return;
        }
        wakeWaitingReader();
        if (closeCode != 0) {
            connection.close(closeCode, "closing");
        }
    }

    /** Text frames in are manual commits: {@code {"wsProxyMessageId": "topic-partition-offset-timestamp"}}. */
    @Override
    public void onText(byte[] data, int offset, int length) {
        String id;
        try {
            JsonNode commit = JSON.readTree(data, offset, length);
            JsonNode idNode = commit == null ? null : commit.get("wsProxyMessageId");
            if (idNode == null || !idNode.isTextual()) {
                sendError(null, "A commit is {\"wsProxyMessageId\": \"<topic>-<partition>-<offset>-<timestamp>\"}");
                return;
            }
            id = idNode.textValue();
        } catch (IOException e) {
            sendError(null, "The frame is not valid JSON: a commit is {\"wsProxyMessageId\": \"...\"}");
            return;
        }
        commit(id);
    }

    @Override
    public void onBinary(byte[] data, int offset, int length) {
        if (parameters.payload() != SocketPayload.AVRO) {
            sendError(null, "This socket takes JSON commits; binary AvroCommit frames need socketPayload=avro");
            return;
        }
        try {
            GenericRecord commit = new GenericDatumReader<GenericRecord>(WrapperSchemas.CONSUMER_COMMIT)
                    .read(null, DecoderFactory.get().binaryDecoder(data, offset, length, null));
            commit(commit.get("wsProxyMessageId").toString());
        } catch (IOException | RuntimeException e) {
            sendError(null, "The frame is not an AvroCommit");
        }
    }

    private void commit(String id) {
        if (parameters.autoCommit()) {
            sendError(id, "This socket commits automatically (autoCommit=true): commits from the client are not"
                    + " taken");
            return;
        }
        MessageIds.Parsed parsed = MessageIds.parse(id, parameters.topic());
        if (parsed == null) {
            sendError(id, MessageIds.refusal(id, parameters.topic()));
            return;
        }
        Long next = encoded.get(parsed.partition());
        if (next == null || parsed.offset() >= next || !reader.owns(parsed.partition())) {
            sendError(id, "Unknown wsProxyMessageId: this socket has not sent that record, or no longer holds its"
                    + " partition");
            return;
        }
        reader.commit(parsed.partition(), parsed.offset(), id);
    }

    private void sendError(String messageId, String reason) {
        if (closed) {
            return;
        }
        StringBuilder json = new StringBuilder("{\"error\":");
        try {
            json.append(JSON.writeValueAsString(reason));
            if (messageId != null) {
                json.append(",\"wsProxyMessageId\":").append(JSON.writeValueAsString(messageId));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        connection.sendText(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
        connection.flush();
    }

    @Override
    public void closeWhenAnswered(int code, String reason) {
        connection.ioThread().execute(() -> {
            if (closeCode == 0) {
                closeCode = code;
            }
            if (connection.pendingOutputBytes() == 0 && incoming.isEmpty()) {
                connection.close(code, reason);
            } else if (closeDeadline == null && !closed) {
                closeDeadline = connection.ioThread().executeAfter(() -> connection.close(code, reason), 2,
                        TimeUnit.SECONDS);
            }
        });
    }

    @Override
    public void onTimedOut(int code, String reason) {
        closeWhenAnswered(code, reason);
    }

    @Override
    public void onClosed() {
        closed = true;
        open.remove(this);
        if (closeDeadline != null) {
            closeDeadline.remove();
        }
        reader.close();
    }
}
