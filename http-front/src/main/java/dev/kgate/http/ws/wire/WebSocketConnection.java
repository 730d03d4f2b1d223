package dev.kgate.http.ws.wire;

import dev.kgate.http.listener.InputBudget;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The server side of RFC 6455 on a connection Undertow has upgraded. Frames are unmasked and handed over straight
 * from the read buffer, and frames going out are encoded into a chain of pooled buffers ({@link OutputChain}) that is
 * written once per flush, so a pipelining client costs a read and a write per batch of frames instead of several
 * objects per frame.
 *
 * <p>Covers what a server must: masked client frames only, no reserved bits (no extensions are negotiated),
 * fragmented messages, ping/pong, the close handshake (with a time limit), 1002 for protocol errors, 1007 for text
 * that is not UTF-8, 1009 for messages larger than the limit. Everything runs on the connection's I/O thread.
 *
 * <p>Bounds, so that one client cannot hold memory, an I/O thread or a connection without end:
 * <ul>
 * <li>Output: every frame going out, pongs and close frames as much as answers, counts against one bound; past it
 *     the server stops reading from the client until the client has taken its frames.</li>
 * <li>Input: the read buffer grows only as bytes arrive (never to a size a header merely announces), and so does a
 *     fragmented message; what grows beyond the default buffer is reserved from the listener's {@link InputBudget}
 *     and given back once the message is delivered. When the budget has no room the socket is closed with 1013
 *     (try again later): the client did nothing wrong, the gateway is short of memory for unfinished input.</li>
 * <li>Idle sockets: the read and write buffers come from the I/O thread's {@link WireBuffers} when bytes arrive or
 *     frames go out, and go back as soon as they hold nothing, so a socket with nothing unfinished holds none.</li>
 * <li>Time ({@link SocketTimeouts}): a ping after silence, 1001 when nothing arrives for the idle timeout, 1008 for
 *     a message unfinished past its deadline, and a dropped connection for a client that takes none of its frames.
 *     One periodic check per socket reads timestamps kept per read, so the hot path schedules nothing.</li>
 * </ul>
 */
public final class WebSocketConnection {

    public static final int NORMAL_CLOSURE = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;

    /** Frames encoded but not yet taken by the client, past which the server stops reading from it. */
    public static final int MAX_OUTPUT_BACKLOG_BYTES = 1 << 20;

    private static final int NO_STATUS = 1005;
    /** The pooled read buffer's size; larger frames grow it as their bytes arrive, paid from the budget. */
    private static final int READ_BUFFER_BYTES = WireBuffers.BUFFER_BYTES;
    /**
     * A buffer this large goes back to the default as soon as the message it held is delivered; smaller grown
     * buffers at the next periodic check, so that a stream of medium-sized frames does not reallocate per frame.
     */
    private static final int SHRINK_AT_ONCE_BYTES = 4 * READ_BUFFER_BYTES;
    private static final int FIRST_FRAGMENT_BYTES = 1024;
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    private static final long CLOSE_HANDSHAKE_MS = 5_000;
    private static final long MIN_CHECK_MS = 10;
    private static final long MAX_CHECK_MS = 5_000;
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final StreamConnection connection;
    private final ConduitStreamSourceChannel source;
    private final ConduitStreamSinkChannel sink;
    private final int maxMessageBytes;
    private final InputBudget budget;
    private final SocketTimeouts timeouts;
    private final long pingNanos;
    private final long idleNanos;
    private final long messageNanos;
    private FrameHandler handler;
    /** Received bytes not yet parsed, in write mode; null while there are none. */
    private ByteBuffer in;
    /** Encoded frames not yet written, in write mode; null while there are none. */
    private final OutputChain out = new OutputChain();
    private int fragmentOpcode = -1;
    private byte[] fragments;
    private int fragmentsLength;
    /** Bytes held from the budget: the read buffer beyond its default size, and the fragments' array. */
    private long reservedBytes;
    /** Size of the frame the parser waits for, when the read buffer holds only its beginning. */
    private long awaitedFrameBytes;

    // Why reading stops; the source channel reads only while wantsInput().
    private boolean handlerPaused;
    private boolean outputBacklogged;
    private boolean readsResumed;
    private boolean writesWaiting;
    private boolean parsing;
    private boolean closeSent;
    private boolean closeReceived;
    /** The input cannot be parsed any more (a protocol error): what still arrives is read and dropped. */
    private boolean inputBroken;
    private boolean closeAfterFlush;
    private boolean timedOut;
    private boolean closed;

    // Clocks (System.nanoTime), read by the periodic check.
    private long lastReadAt;
    private long lastPingAt;
    /** When the unfinished message (a partial frame, or fragments) began; 0 when there is none. */
    private long messageStartedAt;
    private long writeProgressAt;
    private XnioExecutor.Key checkKey;
    private XnioExecutor.Key closeKey;

    /**
     * @param maxMessageBytes largest message (frame, or fragments together); larger ones close the socket with 1009
     * @param budget          the listener's bytes for unfinished input (see {@link InputBudget#of})
     */
    public WebSocketConnection(StreamConnection connection, int maxMessageBytes, InputBudget budget,
                               SocketTimeouts timeouts) {
        this.connection = connection;
        this.source = connection.getSourceChannel();
        this.sink = connection.getSinkChannel();
        this.maxMessageBytes = maxMessageBytes;
        this.budget = budget;
        this.timeouts = timeouts;
        this.pingNanos = TimeUnit.MILLISECONDS.toNanos(timeouts.pingIntervalMs());
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(timeouts.idleTimeoutMs());
        this.messageNanos = TimeUnit.MILLISECONDS.toNanos(timeouts.messageTimeoutMs());
    }

    public void start(FrameHandler frameHandler) {
        this.handler = frameHandler;
        lastReadAt = System.nanoTime();
        lastPingAt = lastReadAt;
        source.getReadSetter().set(channel -> onReadable());
        sink.getWriteSetter().set(channel -> writeOut());
        connection.setCloseListener(c -> onConnectionClosed());
        long shortest = Math.min(timeouts.pingIntervalMs(), Math.min(timeouts.idleTimeoutMs(),
                timeouts.messageTimeoutMs()));
        checkKey = ioThread().executeAtInterval(this::check,
                Math.max(MIN_CHECK_MS, Math.min(MAX_CHECK_MS, shortest / 4)), TimeUnit.MILLISECONDS);
        if (!connection.isOpen()) {
            // The client left during the upgrade: the close listener came too late to hear it.
            onConnectionClosed();
            return;
        }
        updateReads();
    }

    public XnioIoThread ioThread() {
        return connection.getIoThread();
    }

    /** Bytes encoded but not yet written: the client is not reading as fast as it is answered. */
    public int pendingOutputBytes() {
        return out.pending();
    }

    /** Bytes of buffers this socket holds now (0 when it has nothing unread, unfinished or unwritten). */
    public int heldBufferBytes() {
        return (in == null ? 0 : in.capacity()) + out.heldBytes()
                + (fragments == null ? 0 : fragments.length);
    }

    /** Whether more is encoded than the client has taken, past the output bound. */
    public boolean outputBacklogged() {
        return outputBacklogged;
    }

    /** Whether a frame sent now goes out: not once the close frame is on its way. */
    public boolean takesFrames() {
        return !closeSent && !closed;
    }

    public void pauseReading() {
        if (!handlerPaused) {
            handlerPaused = true;
            updateReads();
        }
    }

    /** Parses what is already buffered first, then reads from the network again. */
    public void resumeReading() {
        if (handlerPaused && !closed) {
            handlerPaused = false;
            restartClocks();
            if (!parsing) {
                // From a handler inside parseFrames its loop goes on by itself; otherwise drain the buffer first.
                parseFrames();
            }
            updateReads();
        }
    }

    public void sendText(byte[] utf8) {
        append(0x81, utf8, 0, utf8.length);
    }

    /** Copies the frame's bytes: the caller may reuse its array at once. */
    public void sendText(byte[] utf8, int offset, int length) {
        append(0x81, utf8, offset, length);
    }

    public void sendBinary(byte[] payload) {
        append(0x82, payload, 0, payload.length);
    }

    /**
     * Starts the close handshake: nothing more goes out, frames still arriving are dropped, and the connection
     * closes once the client answers, or after five seconds.
     */
    public void close(int code, String reason) {
        if (closeSent || closed) {
            return;
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, MAX_CLOSE_REASON_BYTES)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        append(0x88, payload, 0, payload.length);
        closeSent = true;
        closeKey = ioThread().executeAfter(this::closeNow, CLOSE_HANDSHAKE_MS, TimeUnit.MILLISECONDS);
        flush();
        // Read on, to hear the client's close.
        updateReads();
    }

    private void append(int firstByte, byte[] payload, int offset, int length) {
        if (closeSent || closed) {
            return;
        }
        out.appendHeader(firstByte, length);
        out.append(payload, offset, length);
        if (!outputBacklogged && out.pending() > MAX_OUTPUT_BACKLOG_BYTES) {
            outputBacklogged = true;
            updateReads();
        }
    }

    /** Writes what is encoded; what the network does not take now is written when it becomes writable. */
    public void flush() {
        if (!closed && !writesWaiting) {
            writeOut();
        }
    }

    /** Also the write listener: it runs only while the network has not taken everything. */
    private void writeOut() {
        if (closed) {
            return;
        }
        try {
            boolean progress = out.writeTo(sink) > 0;
            if (out.pending() == 0 && sink.flush()) {
                onDrained();
            } else {
                if (progress || !writesWaiting) {
                    writeProgressAt = System.nanoTime();
                }
                if (!writesWaiting) {
                    writesWaiting = true;
                    sink.resumeWrites();
                }
            }
        } catch (IOException e) {
            closeNow();
        }
    }

    private void onDrained() {
        if (writesWaiting) {
            writesWaiting = false;
            sink.suspendWrites();
        }
        if (closeAfterFlush) {
            closeNow();
            return;
        }
        if (outputBacklogged) {
            outputBacklogged = false;
            restartClocks();
            if (!parsing) {
                // Frames left in the read buffer when reading stopped.
                parseFrames();
            }
            updateReads();
        }
        handler.onOutputDrained();
    }

    private boolean wantsInput() {
        return !closed && !closeReceived && (closeSent || (!handlerPaused && !outputBacklogged));
    }

    private void updateReads() {
        if (closed) {
            return;
        }
        boolean want = wantsInput();
        if (want != readsResumed) {
            readsResumed = want;
            if (want) {
                source.resumeReads();
            } else {
                source.suspendReads();
            }
        }
    }

    /** Reading stopped on our side: the client's silence while it did is not counted against it. */
    private void restartClocks() {
        lastReadAt = System.nanoTime();
        if (messageStartedAt != 0) {
            messageStartedAt = lastReadAt;
        }
    }

    private void onReadable() {
        try {
            while (wantsInput()) {
                if (in == null) {
                    in = WireBuffers.take();
                }
                if (inputBroken) {
                    in.clear();
                } else if (!in.hasRemaining()) {
                    // Whole frames may be left from when reading stopped; parsing them may stop reading again.
                    parseFrames();
                    if (!wantsInput() || inputBroken || in == null) {
                        // (Everything parsed: the buffer went back, and the next round takes one.)
                        continue;
                    }
                    if (!in.hasRemaining() && !growForAwaitedFrame()) {
                        return;
                    }
                }
                int read = source.read(in);
                if (read < 0) {
                    closeNow();
                    return;
                }
                if (read == 0) {
                    return;
                }
                lastReadAt = System.nanoTime();
                if (!inputBroken) {
                    parseFrames();
                }
            }
        } catch (IOException e) {
            closeNow();
        } finally {
            if (inputBroken && in != null) {
                in.clear();
            }
            releaseEmptyReadBuffer();
            updateReads();
        }
    }

    /**
     * The buffer is full with the beginning of a frame larger than it: doubles it (never past that frame's size),
     * paying from the budget.
     *
     * @return false when the socket was closed instead
     */
    private boolean growForAwaitedFrame() {
        if (awaitedFrameBytes <= in.capacity()) {
            fail(PROTOCOL_ERROR, "Unparseable input");
            return false;
        }
        int capacity = (int) Math.min(2L * in.capacity(), awaitedFrameBytes);
        if (!reserve(capacity - in.capacity())) {
            return false;
        }
        resizeReadBuffer(capacity);
        return true;
    }

    /** Copies what is buffered into a buffer of {@code capacity}; the caller has reserved any growth. */
    private void resizeReadBuffer(int capacity) {
        ByteBuffer resized = capacity == READ_BUFFER_BYTES ? WireBuffers.take() : ByteBuffer.allocate(capacity);
        in.flip();
        resized.put(in);
        WireBuffers.giveBack(in);
        in = resized;
    }

    /** Back to the default size (or to none) when what is buffered fits, giving the budget back. */
    private void shrinkReadBuffer() {
        if (in != null && in.capacity() > READ_BUFFER_BYTES && in.position() <= READ_BUFFER_BYTES) {
            release(in.capacity() - READ_BUFFER_BYTES);
            if (in.position() == 0) {
                in = null;
            } else {
                resizeReadBuffer(READ_BUFFER_BYTES);
            }
        }
    }

    /**
     * A read buffer of the default size that holds nothing goes back to the pool at once. A grown one waits for
     * {@link #shrinkReadBuffer()}, so that a stream of medium-sized frames does not grow it anew for each.
     */
    private void releaseEmptyReadBuffer() {
        if (in != null && !parsing && in.position() == 0 && in.capacity() == READ_BUFFER_BYTES) {
            WireBuffers.giveBack(in);
            in = null;
        }
    }

    /** Hands over every whole frame in the buffer, until reading stops. */
    private void parseFrames() {
        if (in == null) {
            return;
        }
        parsing = true;
        in.flip();
        awaitedFrameBytes = 0;
        try {
            while (wantsInput() && !inputBroken) {
                int start = in.position();
                int available = in.remaining();
                if (available < 2) {
                    return;
                }
                int b0 = in.get(start) & 0xff;
                int b1 = in.get(start + 1) & 0xff;
                long length = b1 & 0x7f;
                int header = 2;
                if (length == 126) {
                    if (available < 4) {
                        return;
                    }
                    length = in.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (length == 127) {
                    if (available < 10) {
                        return;
                    }
                    length = in.getLong(start + 2);
                    header = 10;
                }
                int opcode = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0) {
                    fail(PROTOCOL_ERROR, (b0 & 0x70) != 0 ? "Reserved bits set" : "Client frames must be masked");
                    return;
                }
                if (opcode >= 8 && (length > 125 || !fin)) {
                    fail(PROTOCOL_ERROR, "Control frames must be whole and at most 125 bytes");
                    return;
                }
                if (length < 0 || length > maxMessageBytes) {
                    fail(MESSAGE_TOO_BIG, "Messages are limited to " + maxMessageBytes + " bytes");
                    return;
                }
                int total = header + 4 + (int) length;
                if (available < total) {
                    // The buffer grows when these bytes arrive, not for what the header announces.
                    awaitedFrameBytes = total;
                    return;
                }
                byte[] array = in.array();
                int maskAt = in.arrayOffset() + start + header;
                unmask(array, maskAt, (int) length);
                in.position(start + total);
                onFrame(fin, opcode, array, maskAt + 4, (int) length);
                if (fragmentOpcode < 0) {
                    messageStartedAt = 0;
                }
            }
        } finally {
            in.compact();
            parsing = false;
            afterParsing();
        }
    }

    private void afterParsing() {
        if (closed) {
            releaseBuffers();
            return;
        }
        if (inputBroken) {
            in.clear();
        }
        if (messageStartedAt == 0 && (in.position() > 0 || fragmentOpcode >= 0)) {
            messageStartedAt = lastReadAt;
        }
        if (in.capacity() >= SHRINK_AT_ONCE_BYTES || inputBroken) {
            shrinkReadBuffer();
        }
        releaseEmptyReadBuffer();
    }

    private static void unmask(byte[] array, int maskAt, int length) {
        int payload = maskAt + 4;
        byte m0 = array[maskAt];
        byte m1 = array[maskAt + 1];
        byte m2 = array[maskAt + 2];
        byte m3 = array[maskAt + 3];
        if ((m0 | m1 | m2 | m3) == 0) {
            return;
        }
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            array[payload + i] ^= m0;
            array[payload + i + 1] ^= m1;
            array[payload + i + 2] ^= m2;
            array[payload + i + 3] ^= m3;
        }
        byte[] mask = {m0, m1, m2, m3};
        for (; i < length; i++) {
            array[payload + i] ^= mask[i & 3];
        }
    }

    private void onFrame(boolean fin, int opcode, byte[] array, int offset, int length) {
        if (closeSent && opcode != 8) {
            // After our close only the client's close matters.
            return;
        }
        switch (opcode) {
            case 0 -> onContinuation(fin, array, offset, length);
            case 1, 2 -> {
                if (fragmentOpcode >= 0) {
                    fail(PROTOCOL_ERROR, "A new message started before the fragmented one ended");
                } else if (fin) {
                    deliver(opcode, array, offset, length);
                } else {
                    int capacity = Math.max(length, Math.min(FIRST_FRAGMENT_BYTES, maxMessageBytes));
                    if (reserve(capacity)) {
                        fragments = new byte[capacity];
                        System.arraycopy(array, offset, fragments, 0, length);
                        fragmentsLength = length;
                        fragmentOpcode = opcode;
                    }
                }
            }
            case 8 -> onCloseFrame(array, offset, length);
            case 9 -> {
                append(0x8a, array, offset, length);
                flush();
            }
            case 10 -> {
                // A pong, to our ping or unsolicited: its arrival already counts as life.
            }
            default -> fail(PROTOCOL_ERROR, "Unknown opcode " + opcode);
        }
    }

    /** Fragments are assembled in an array that grows as they arrive, paid from the budget. */
    private void onContinuation(boolean fin, byte[] array, int offset, int length) {
        if (fragmentOpcode < 0) {
            fail(PROTOCOL_ERROR, "Continuation frame without a message to continue");
            return;
        }
        long needed = (long) fragmentsLength + length;
        if (needed > maxMessageBytes) {
            fail(MESSAGE_TOO_BIG, "Messages are limited to " + maxMessageBytes + " bytes");
            return;
        }
        if (fragments.length < needed) {
            int capacity = (int) Math.min(maxMessageBytes, Math.max(2L * fragments.length, needed));
            if (!reserve(capacity - fragments.length)) {
                return;
            }
            fragments = Arrays.copyOf(fragments, capacity);
        }
        System.arraycopy(array, offset, fragments, fragmentsLength, length);
        fragmentsLength += length;
        if (fin) {
            byte[] whole = fragments;
            int opcode = fragmentOpcode;
            dropFragments();
            deliver(opcode, whole, 0, (int) needed);
        }
    }

    private void dropFragments() {
        if (fragments != null) {
            release(fragments.length);
            fragments = null;
        }
        fragmentOpcode = -1;
    }

    /**
     * @return false when the listener's budget has no room for {@code bytes} more: the socket is then closed (1013)
     */
    private boolean reserve(long bytes) {
        if (budget.tryReserve(bytes)) {
            reservedBytes += bytes;
            return true;
        }
        fail(TRY_AGAIN_LATER, "The gateway holds too much unfinished input: try again later");
        return false;
    }

    private void release(long bytes) {
        budget.release(bytes);
        reservedBytes -= bytes;
    }

    private void deliver(int opcode, byte[] array, int offset, int length) {
        if (closeSent) {
            return;
        }
        if (opcode == 1) {
            if (!isUtf8(array, offset, length)) {
                fail(INVALID_PAYLOAD, "Text frames must be UTF-8");
                return;
            }
            handler.onText(array, offset, length);
        } else {
            handler.onBinary(array, offset, length);
        }
    }

    private static boolean isUtf8(byte[] array, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (array[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(array, offset, length));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private void onCloseFrame(byte[] array, int offset, int length) {
        closeReceived = true;
        if (closeSent) {
            closeNow();
            return;
        }
        // The client is done: once our close frame is out, so is the connection.
        closeAfterFlush = true;
        int code = length >= 2 ? ((array[offset] & 0xff) << 8) | (array[offset + 1] & 0xff) : NO_STATUS;
        if (length == 1 || (length >= 2 && !isSendableCloseCode(code))) {
            fail(PROTOCOL_ERROR, "Invalid close frame");
            return;
        }
        if (length > 2 && !isUtf8(array, offset + 2, length - 2)) {
            fail(INVALID_PAYLOAD, "The close reason must be UTF-8");
            return;
        }
        close(code == NO_STATUS ? NORMAL_CLOSURE : code, "");
    }

    /** RFC 6455 7.4: the codes an endpoint may put in a close frame. */
    private static boolean isSendableCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** The input can no longer be trusted or parsed: close with {@code code}, dropping whatever else arrives. */
    private void fail(int code, String reason) {
        inputBroken = true;
        dropFragments();
        close(code, reason);
        if (!parsing && !closed && in != null) {
            in.clear();
            shrinkReadBuffer();
            releaseEmptyReadBuffer();
        }
    }

    /** The periodic check: pings, the idle and message deadlines, a client that takes nothing, idle buffers. */
    private void check() {
        if (closed) {
            return;
        }
        if (!connection.isOpen()) {
            onConnectionClosed();
            return;
        }
        long now = System.nanoTime();
        if (writesWaiting && now - writeProgressAt > idleNanos) {
            // The client takes none of its frames: no close frame would reach it either.
            closeNow();
            return;
        }
        if (!closeSent && !timedOut && !handlerPaused && !outputBacklogged) {
            if (messageStartedAt != 0 && now - messageStartedAt > messageNanos) {
                timedOut = true;
                handler.onTimedOut(POLICY_VIOLATION, "A message was not finished within "
                        + timeouts.messageTimeoutMs() + " ms");
            } else if (now - lastReadAt > idleNanos) {
                timedOut = true;
                handler.onTimedOut(GOING_AWAY, "Nothing received from the client for " + timeouts.idleTimeoutMs()
                        + " ms");
            } else if (now - lastReadAt >= pingNanos && now - lastPingAt >= pingNanos) {
                lastPingAt = now;
                append(0x89, NO_PAYLOAD, 0, 0);
                flush();
            }
        }
        if (!closed) {
            // Idle sockets do not keep the largest buffer they ever needed (the write buffer goes once written).
            shrinkReadBuffer();
        }
    }

    private void closeNow() {
        if (!closed) {
            IoUtils.safeClose(connection);
            // The close listener normally runs within safeClose; this covers a connection closed before start().
            onConnectionClosed();
        }
    }

    /** Ends every timer, gives the budget back and lets the buffers go: nothing holds a closed socket. */
    private void onConnectionClosed() {
        if (closed) {
            return;
        }
        closed = true;
        removeTimer(checkKey);
        removeTimer(closeKey);
        checkKey = null;
        closeKey = null;
        fragments = null;
        budget.release(reservedBytes);
        reservedBytes = 0;
        if (!parsing) {
            releaseBuffers();
        }
        handler.onClosed();
    }

    private static void removeTimer(XnioExecutor.Key key) {
        if (key != null) {
            key.remove();
        }
    }

    private void releaseBuffers() {
        if (in != null) {
            WireBuffers.giveBack(in);
            in = null;
        }
        out.release();
    }
}
