package dev.kgate.http.ws;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.ValueType;
import dev.kgate.http.ws.avro.AvroInFrames;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One {@code /socket/in} connection. Every frame gets exactly one answer, in the order the frames came: a result
 * once Kafka acknowledged the message, or an error frame saying why not and whether it may be in Kafka.
 *
 * <p>Flow control: at most {@code maxInFlight} messages are unanswered (or answered but not yet written to the
 * socket); past that, and while the task's queue is full, the server stops reading, so TCP pushes back on the
 * client instead of the server buffering. A message refused by a full queue waits here for room, up to the ack
 * timeout, and is then answered as not written.
 *
 * <p>Threading: everything runs on the channel's I/O thread, except {@link Slot#accept}, called from Connect's
 * producer callback, which only records the outcome and schedules one drain for however many outcomes arrive.
 */
final class ProducerSocket extends AbstractReceiveListener {

    private static final long SWEEP_MS = 200;
    private static final long ROOM_RETRY_MS = 10;
    private static final long CLOSE_HANDSHAKE_MS = 5_000;
    private static final int UNSUPPORTED_DATA = 1003;
    private static final int POLICY_VIOLATION = 1008;

    private final WebSocketChannel channel;
    private final InSocket socket;
    private final InSocketSettings settings;
    private final AvroInFrames avro;
    /** Every message not yet answered on the socket, in arrival order. */
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** Messages the task's queue had no room for yet, in arrival order; a subset of {@link #slots}. */
    private final ArrayDeque<Slot> waitingForRoom = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final WebSocketCallback<Void> frameSent = new FrameSent();
    private int unsentFrames;
    private boolean readsSuspended;
    private XnioExecutor.Key timer;
    private int closeCode;
    private String closeReason;
    private boolean closeSent;
    private boolean closed;

    ProducerSocket(WebSocketChannel channel, InSocket socket, InSocketSettings settings) {
        this.channel = channel;
        this.socket = socket;
        this.settings = settings;
        this.avro = socket.parameters().payload() == SocketPayload.AVRO ? new AvroInFrames() : null;
    }

    void start() {
        settings.open().add(this);
        channel.addCloseTask(ch -> onClosed());
        channel.getReceiveSetter().set(this);
        if (socket.caller() != null && socket.caller().expires()) {
            long untilExpiry = Math.max(0, socket.caller().expiresAtMillis() - System.currentTimeMillis());
            channel.getIoThread().executeAfter(() -> closeWhenAnswered(POLICY_VIOLATION,
                    "The access token has expired: reconnect with a fresh one"), untilExpiry, TimeUnit.MILLISECONDS);
        }
        channel.resumeReceives();
    }

    @Override
    protected long getMaxTextBufferSize() {
        return settings.ingest().maxBodyBytes();
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return settings.ingest().maxBodyBytes();
    }

    /**
     * Text frames are buffered as bytes: the JSON parser decodes UTF-8 itself, so Undertow's decoding into a String
     * would be a second pass and a copy per frame. (The channel still checks the UTF-8 and closes with 1007.)
     */
    @Override
    protected void onText(WebSocketChannel ch, StreamSourceFrameChannel frame) {
        new BufferedBinaryMessage(getMaxTextBufferSize(), true).read(frame, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel c, BufferedBinaryMessage message) {
                onTextFrame(bytesOf(message));
            }

            @Override
            public void onError(WebSocketChannel c, BufferedBinaryMessage message, Throwable error) {
                ProducerSocket.this.onError(c, error);
            }
        });
    }

    private void onTextFrame(byte[] frame) {
        if (refuseWhileClosing()) {
            return;
        }
        if (avro != null) {
            answerInvalid(null, "This socket takes binary AvroProducerRecord frames (socketPayload=avro)");
            closeWhenAnswered(UNSUPPORTED_DATA, "Text frame on a socketPayload=avro socket");
            return;
        }
        try {
            accept(JsonInFrames.read(frame, socket.types()));
        } catch (BadFrameException e) {
            answerInvalid(e.messageId(), e.getMessage());
        }
    }

    private static byte[] bytesOf(BufferedBinaryMessage message) {
        try (var data = message.getData()) {
            ByteBuffer merged = WebSockets.mergeBuffers(data.getResource());
            if (merged.hasArray() && merged.arrayOffset() == 0 && merged.remaining() == merged.array().length) {
                return merged.array();
            }
            byte[] bytes = new byte[merged.remaining()];
            merged.get(bytes);
            return bytes;
        }
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
        byte[] bytes = bytesOf(message);
        if (refuseWhileClosing()) {
            return;
        }
        if (avro == null) {
            answerInvalid(null, "This socket takes JSON text frames; connect with socketPayload=avro to send"
                    + " binary AvroProducerRecord frames");
            closeWhenAnswered(UNSUPPORTED_DATA, "Binary frame on a socketPayload=json socket");
            return;
        }
        try {
            accept(AvroRecords.toInbound(avro.read(bytes), socket.types()));
        } catch (IOException e) {
            answerInvalid(null, "The frame is not an AvroProducerRecord: " + e.getMessage());
        } catch (BadFrameException e) {
            answerInvalid(e.messageId(), e.getMessage());
        }
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

    private void accept(InboundRecord record) {
        String unwritable = unwritableType(record);
        if (unwritable != null) {
            answerInvalid(record.messageId(), unwritable);
            return;
        }
        Slot slot = new Slot(record.messageId(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.ingest().ackTimeoutMs()));
        slot.message = new IngestMessage(socket.parameters().topic(), record.key(), record.value(),
                headersOf(record), record.messageId(), slot);
        slots.addLast(slot);
        if (!waitingForRoom.isEmpty() || !offer(slot)) {
            waitingForRoom.addLast(slot);
        }
        armTimer();
        throttle();
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
        if (socket.headers().isEmpty()) {
            return record.headers();
        }
        List<MessageHeader> headers = new ArrayList<>(socket.headers().size() + record.headers().size());
        headers.addAll(record.headers());
        headers.addAll(socket.headers());
        return headers;
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
            default -> {
                slot.message.refused("the gateway is stopping");
                closeWhenAnswered(OpenSockets.SERVICE_RESTART, "The gateway is stopping: reconnect");
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
            channel.getIoThread().execute(drain);
        }
    }

    /** Writes every answer at the head of the line that is ready. */
    private void drain() {
        drainScheduled.set(false);
        Slot head;
        while ((head = slots.peekFirst()) != null && head.isAnswered()) {
            slots.pollFirst();
            send(head);
        }
        throttle();
        finishCloseIfAnswered();
    }

    private void send(Slot slot) {
        if (closed) {
            return;
        }
        unsentFrames++;
        Outcome outcome = slot.outcome;
        if (slot.preparedFrame != null) {
            WebSockets.sendText(slot.preparedFrame, channel, frameSent);
        } else if (outcome.kind() != Outcome.Kind.WRITTEN) {
            WebSockets.sendText(OutFrames.failure(slot.messageId, outcome), channel, frameSent);
        } else if (avro != null) {
            WebSockets.sendBinary(ByteBuffer.wrap(avro.result(outcome.result(), slot.messageId)), channel,
                    frameSent);
        } else {
            WebSockets.sendText(OutFrames.result(outcome.result(), slot.messageId), channel, frameSent);
        }
    }

    /** Reads only while the window has room, no message waits for queue room, and the socket is not closing. */
    private void throttle() {
        if (closed) {
            return;
        }
        boolean stop = closeCode != 0 || !waitingForRoom.isEmpty()
                || slots.size() + unsentFrames >= settings.maxInFlight();
        if (stop && !readsSuspended) {
            readsSuspended = true;
            channel.suspendReceives();
        } else if (!stop && readsSuspended) {
            readsSuspended = false;
            channel.resumeReceives();
        }
    }

    private void armTimer() {
        if (timer == null && !slots.isEmpty()) {
            long delay = waitingForRoom.isEmpty() ? SWEEP_MS : ROOM_RETRY_MS;
            timer = channel.getIoThread().executeAfter(this::sweep, delay, TimeUnit.MILLISECONDS);
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
            }
        }
        throttle();
        armTimer();
    }

    /**
     * Stops reading, answers what is pending, then closes with {@code code}. Safe from any thread, and more than
     * once: the first reason wins.
     */
    void closeWhenAnswered(int code, String reason) {
        channel.getIoThread().execute(() -> {
            if (closeCode == 0) {
                closeCode = code;
                closeReason = reason;
            }
            throttle();
            finishCloseIfAnswered();
        });
    }

    private void finishCloseIfAnswered() {
        if (closeCode == 0 || closeSent || closed || !slots.isEmpty() || unsentFrames > 0) {
            return;
        }
        closeSent = true;
        WebSockets.sendClose(closeCode, closeReason, channel, null);
        // A client that never answers the close frame does not keep the connection.
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_HANDSHAKE_MS,
                TimeUnit.MILLISECONDS);
    }

    private void onClosed() {
        closed = true;
        settings.open().remove(this);
        // Not yet accepted by the queue, and nobody left to answer: these are not written.
        for (Slot slot : waitingForRoom) {
            slot.message.refused("the client closed the socket");
        }
        waitingForRoom.clear();
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

    private final class FrameSent implements WebSocketCallback<Void> {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
            frameDone();
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
            frameDone();
        }

        private void frameDone() {
            unsentFrames--;
            throttle();
            finishCloseIfAnswered();
        }
    }
}
