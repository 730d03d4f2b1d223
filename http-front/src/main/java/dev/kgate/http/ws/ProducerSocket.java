package dev.kgate.http.ws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.idempotency.IdempotencyKeys;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.metrics.SocketSide;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.ValueMode;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.ValueType;
import dev.kgate.http.util.JsonBytes;
import dev.kgate.http.ws.avro.AvroInFrames;
import dev.kgate.http.ws.wire.FrameHandler;
import dev.kgate.http.ws.wire.WebSocketConnection;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One {@code /socket/in} connection. Every frame gets exactly one answer, in the order the frames came: a result
 * once Kafka acknowledged the message, or an error frame saying why not and whether it may be in Kafka.
 *
 * <p>Flow control: at most {@code maxInFlight} messages are unanswered; past that, and while the task's queue is
 * full, the server stops reading, so TCP pushes back on the client instead of the server buffering (and so does the
 * connection itself while answers pile up unread by the client). A message refused by a full queue waits here for
 * room, up to the ack timeout, and is then answered as not written.
 *
 * <p>Threading: everything runs on the connection's I/O thread, except {@link Slot#accept}, called from Connect's
 * producer callback, which only records the outcome and schedules one drain for however many outcomes arrive; a
 * drain writes all the answers that are ready with one write.
 */
final class ProducerSocket implements FrameHandler, ClosableSocket {

    private static final long SWEEP_MS = 200;
    private static final long ROOM_RETRY_MS = 10;

    private final WebSocketConnection connection;
    private final InSocket socket;
    private final InSocketSettings settings;
    /** The rule of the socket's topic: its schema and value mode apply to every message. */
    private final StationRule station;
    private final AvroInFrames avro;
    /** Every message not yet answered on the socket, in arrival order. */
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** Messages the task's queue had no room for yet, in arrival order; a subset of {@link #slots}. */
    private final ArrayDeque<Slot> waitingForRoom = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private boolean readsPaused;
    private XnioExecutor.Key timer;
    private XnioExecutor.Key expiry;
    private int closeCode;
    private String closeReason;
    private boolean closed;

    ProducerSocket(WebSocketConnection connection, InSocket socket, InSocketSettings settings) {
        this.connection = connection;
        this.socket = socket;
        this.settings = settings;
        this.avro = socket.parameters().payload() == SocketPayload.AVRO ? new AvroInFrames() : null;
        this.station = settings.ingest().rules().ruleFor(socket.parameters().topic());
    }

    void start() {
        settings.open().add(this);
        connection.start(this);
        if (!closed && socket.principal().expires()) {
            long untilExpiry = Math.max(0, socket.principal().expiresAtMillis() - System.currentTimeMillis());
            // Removed on close: until then the timer holds this socket, its connection and its buffers.
            expiry = connection.ioThread().executeAfter(() -> closeWhenAnswered(WebSocketConnection.POLICY_VIOLATION,
                    "The access token has expired: reconnect with a fresh one"), untilExpiry, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onText(byte[] data, int offset, int length) {
        if (refuseWhileClosing()) {
            return;
        }
        if (avro != null) {
            answerInvalid(null, "This socket takes binary AvroProducerRecord frames (socketPayload=avro)");
            closeWhenAnswered(WebSocketConnection.UNSUPPORTED_DATA, "Text frame on a socketPayload=avro socket");
            return;
        }
        try {
            accept(JsonInFrames.read(data, offset, length, socket.types()));
        } catch (BadFrameException e) {
            answerInvalid(e.messageId(), e.getMessage());
        }
    }

    @Override
    public void onBinary(byte[] data, int offset, int length) {
        if (refuseWhileClosing()) {
            return;
        }
        if (avro == null) {
            answerInvalid(null, "This socket takes JSON text frames; connect with socketPayload=avro to send"
                    + " binary AvroProducerRecord frames");
            closeWhenAnswered(WebSocketConnection.UNSUPPORTED_DATA, "Binary frame on a socketPayload=json socket");
            return;
        }
        try {
            accept(AvroRecords.toInbound(avro.read(Arrays.copyOfRange(data, offset, offset + length)),
                    socket.types()));
        } catch (IOException e) {
            answerInvalid(null, "The frame is not an AvroProducerRecord: " + e.getMessage());
        } catch (BadFrameException e) {
            answerInvalid(e.messageId(), e.getMessage());
        }
    }

    @Override
    public SocketSide side() {
        return SocketSide.IN;
    }

    @Override
    public String principalName() {
        return socket.principal().name();
    }

    /** Frames read after the socket started closing are answered, not dropped. */
    private boolean refuseWhileClosing() {
        if (closeCode == 0) {
            return false;
        }
        answer(null, OutFrames.error(null, OutFrames.ErrorOutcome.NOT_WRITTEN,
                "The socket is closing: message not written (" + closeReason + ")"));
        return true;
    }

    private void accept(InboundRecord received) {
        InboundRecord record;
        try {
            record = asStationValue(received);
        } catch (IllegalArgumentException e) {
            answerInvalid(received.messageId(), e.getMessage());
            return;
        }
        String unwritable = unwritableType(record);
        if (unwritable != null) {
            answerInvalid(record.messageId(), unwritable);
            return;
        }
        long size = record.value().sizeInBytes() + (record.key() == null ? 0 : record.key().sizeInBytes());
        long waitMs = settings.limits().admit(socket.principal(), size);
        if (waitMs > 0) {
            answer(record.messageId(), OutFrames.error(record.messageId(), OutFrames.ErrorOutcome.NOT_WRITTEN,
                    "Over the rate allowed to '" + socket.principal().name() + "': message not written, retry in "
                            + waitMs + " ms"));
            return;
        }
        Slot slot = new Slot(record.messageId(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.ingest().ackTimeoutMs()));
        slot.message = new IngestMessage(socket.parameters().topic(), record.key(), record.value(),
                headersOf(record), record.messageId(), slot);
        String tooLarge = settings.ingest().recordSizeLimit().refusal(slot.message);
        if (tooLarge != null) {
            answerInvalid(record.messageId(), tooLarge);
            return;
        }
        if (record.idempotencyKey() != null && !claimed(record, slot)) {
            return;
        }
        slots.addLast(slot);
        if (!waitingForRoom.isEmpty() || !offer(slot)) {
            waitingForRoom.addLast(slot);
        }
        armTimer();
        throttle();
    }

    /**
     * Claims the message's idempotency key. A repeat waits, in its place in the line, for the first attempt's fate;
     * a reuse of the key for another message is invalid.
     *
     * @return true when the message is the first attempt and is to be offered
     */
    private boolean claimed(InboundRecord record, Slot slot) {
        String topic = socket.parameters().topic();
        IdempotencyKeys keys = settings.ingest().idempotency();
        IdempotencyKeys.Claim claim = keys.claim(topic, record.idempotencyKey(), IdempotencyKeys.digest(
                record.key() == null ? null : record.key().digestBytes(), record.value().digestBytes()));
        if (claim instanceof IdempotencyKeys.Claim.First first) {
            keys.track(topic, record.idempotencyKey(), first.entry(), slot.message);
            return true;
        }
        if (claim instanceof IdempotencyKeys.Claim.Repeat repeat) {
            slot.message = null;
            slots.addLast(slot);
            repeat.entry().fate().thenAccept(slot);
            armTimer();
            throttle();
        } else if (claim instanceof IdempotencyKeys.Claim.Mismatch) {
            answerInvalid(record.messageId(), "idempotencyKey '" + record.idempotencyKey() + "' was used for a"
                    + " different message on this topic: use a new key for a new message");
        } else {
            answer(record.messageId(), OutFrames.error(record.messageId(), OutFrames.ErrorOutcome.NOT_WRITTEN,
                    "The gateway remembers as many idempotency keys as it may: message not written, retry later"));
        }
        return false;
    }

    /**
     * Checks the value against the station's JSON Schema or protobuf message type and gives it the form of the
     * station's value mode.
     *
     * @throws IllegalArgumentException with the reason the message is invalid
     */
    private InboundRecord asStationValue(InboundRecord record) {
        if (station.values().protobufType() != null) {
            try {
                return record.withValue(station.values().ofSocketValue(record.value(), null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid message: " + e.getMessage(), e);
            }
        }
        if (station.schema() == null && station.values().mode() == ValueMode.AS_SENT) {
            return record;
        }
        JsonNode document = null;
        if (station.schema() != null || station.values().jsonOnly()) {
            document = record.document();
            if (document == null) {
                throw new IllegalArgumentException("Invalid message: station '" + socket.parameters().topic()
                        + "' takes json values (it has a JSON Schema or value mode json or struct)");
            }
        }
        if (station.schema() != null) {
            String violations = station.schema().violations(document);
            if (violations != null) {
                throw new IllegalArgumentException("Schema validation has failed: " + violations);
            }
        }
        try {
            return record.withValue(station.values().ofSocketValue(record.value(), document));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid message: " + e.getMessage(), e);
        }
    }

    private String unwritableType(InboundRecord record) {
        InSocketSettings.BytesOnly bytesOnly = settings.bytesOnly();
        if (bytesOnly.values() && record.value().type() != ValueType.BYTES) {
            return "This connector's value.converter writes bytes only: send values as bytearray or avro";
        }
        if (bytesOnly.keys() && record.key() != null && record.key().type() != ValueType.BYTES) {
            return "This connector's key.converter writes bytes only: send keys as bytearray or avro";
        }
        return null;
    }

    private List<MessageHeader> headersOf(InboundRecord record) {
        if (socket.headers().isEmpty() && record.idempotencyKey() == null) {
            return record.headers();
        }
        List<MessageHeader> headers = new ArrayList<>(socket.headers().size() + record.headers().size() + 1);
        headers.addAll(record.headers());
        headers.addAll(socket.headers());
        // The key travels with the record, so consumers can deduplicate what a failover made the gateway write twice.
        return record.idempotencyKey() == null ? headers
                : IdempotencyKeys.withKeyHeader(headers, record.idempotencyKey());
    }

    /** @return false when the queue is full and the message must wait for room */
    private boolean offer(Slot slot) {
        switch (settings.sink().offer(slot.message)) {
            case ACCEPTED -> {
                return true;
            }
            case FULL -> {
                return false;
            }
            case PAUSED -> {
                slot.message.refused("the connector is paused");
                closeWhenAnswered(WebSocketConnection.SERVICE_RESTART, "The connector is paused: reconnect once it"
                        + " is resumed");
                return true;
            }
            default -> {
                slot.message.refused("the gateway is stopping");
                closeWhenAnswered(WebSocketConnection.SERVICE_RESTART, "The gateway is stopping: reconnect");
                return true;
            }
        }
    }

    private void answerInvalid(String messageId, String reason) {
        answer(messageId, OutFrames.error(messageId, OutFrames.ErrorOutcome.INVALID, reason));
    }

    /** An answer known now; it still waits behind earlier messages, so answers keep the input order. */
    private void answer(String messageId, String frame) {
        Slot slot = new Slot(messageId, 0);
        slot.preparedFrame = frame;
        slots.addLast(slot);
        drain();
    }

    private void scheduleDrain() {
        if (!drainScheduled.getAndSet(true)) {
            connection.ioThread().execute(drain);
        }
    }

    /** Encodes every answer at the head of the line that is ready, then writes them with one flush. */
    private void drain() {
        drainScheduled.set(false);
        Slot head;
        boolean any = false;
        while ((head = slots.peekFirst()) != null && head.isAnswered()) {
            slots.pollFirst();
            encode(head);
            any = true;
        }
        if (any) {
            connection.flush();
        }
        throttle();
        finishCloseIfAnswered();
    }

    private void encode(Slot slot) {
        Outcome outcome = slot.outcome;
        if (slot.preparedFrame != null) {
            connection.sendText(utf8(slot.preparedFrame));
        } else if (outcome.kind() != Outcome.Kind.WRITTEN) {
            connection.sendText(utf8(OutFrames.failure(slot.messageId, outcome)));
        } else if (avro != null) {
            connection.sendBinary(avro.result(outcome.result(), slot.messageId));
        } else {
            JsonBytes frame = OutFrames.resultBytes(outcome.result(), slot.messageId);
            connection.sendText(frame.array(), 0, frame.length());
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads only while the window has room, no message waits for queue room, and the socket is not closing. (The
     * connection itself stops reading while the client leaves its answers unread.)
     */
    private void throttle() {
        if (closed) {
            return;
        }
        boolean stop = closeCode != 0 || !waitingForRoom.isEmpty() || slots.size() >= settings.maxInFlight();
        if (stop && !readsPaused) {
            readsPaused = true;
            connection.pauseReading();
        } else if (!stop && readsPaused) {
            readsPaused = false;
            connection.resumeReading();
        }
    }

    private void armTimer() {
        if (timer == null && !closed && !slots.isEmpty()) {
            long delay = waitingForRoom.isEmpty() ? SWEEP_MS : ROOM_RETRY_MS;
            timer = connection.ioThread().executeAfter(this::sweep, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Retries messages waiting for queue room, and gives up on those past the ack timeout. */
    private void sweep() {
        timer = null;
        long now = System.nanoTime();
        Slot waiting;
        while ((waiting = waitingForRoom.peekFirst()) != null) {
            if (waiting.message.isDone()) {
                waitingForRoom.pollFirst();
            } else if (waiting.deadline - now <= 0) {
                waitingForRoom.pollFirst();
                waiting.message.refused("the gateway's queue stayed full for " + settings.ingest().ackTimeoutMs()
                        + " ms");
            } else if (offer(waiting)) {
                waitingForRoom.pollFirst();
            } else {
                break;
            }
        }
        for (Slot slot : slots) {
            if (slot.deadline - now > 0) {
                break;
            }
            if (slot.message != null && !slot.isAnswered()) {
                slot.message.timedOut("no acknowledgement from Kafka within " + settings.ingest().ackTimeoutMs()
                        + " ms");
            } else if (slot.message == null && !slot.isAnswered()) {
                // A repeated idempotency key whose first attempt is still unacknowledged.
                slot.accept(IdempotencyKeys.stillUnknown(settings.ingest().ackTimeoutMs()));
            }
        }
        throttle();
        armTimer();
    }

    /**
     * Stops reading, answers what is pending, then closes with {@code code}. Safe from any thread, and more than
     * once: the first reason wins.
     */
    @Override
    public void closeWhenAnswered(int code, String reason) {
        connection.ioThread().execute(() -> {
            if (closeCode == 0) {
                closeCode = code;
                closeReason = reason;
            }
            throttle();
            finishCloseIfAnswered();
        });
    }

    @Override
    public void onTimedOut(int code, String reason) {
        closeWhenAnswered(code, reason);
    }

    @Override
    public void onOutputDrained() {
        throttle();
        finishCloseIfAnswered();
    }

    private void finishCloseIfAnswered() {
        if (closeCode != 0 && !closed && slots.isEmpty() && connection.pendingOutputBytes() == 0) {
            connection.close(closeCode, closeReason);
        }
    }

    @Override
    public void onClosed() {
        closed = true;
        settings.open().remove(this);
        socket.session().close();
        // Messages already queued still complete through the sink; nothing here waits for them any more.
        cancel(timer);
        cancel(expiry);
        timer = null;
        expiry = null;
        // Not yet accepted by the queue, and nobody left to answer: these are not written.
        for (Slot slot : waitingForRoom) {
            slot.message.refused("the client closed the socket");
        }
        waitingForRoom.clear();
    }

    private static void cancel(XnioExecutor.Key key) {
        if (key != null) {
            key.remove();
        }
    }

    /** One message's place in the line of answers. */
    private final class Slot implements Consumer<Outcome> {
        private final String messageId;
        private final long deadline;
        private IngestMessage message;
        private String preparedFrame;
        private volatile Outcome outcome;

        Slot(String messageId, long deadline) {
            this.messageId = messageId;
            this.deadline = deadline;
        }

        boolean isAnswered() {
            return preparedFrame != null || outcome != null;
        }

        @Override
        public void accept(Outcome result) {
            outcome = result;
            scheduleDrain();
        }
    }
}
