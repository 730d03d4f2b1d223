package dev.kgate.http.ws.wire;

import org.xnio.IoUtils;
import org.xnio.StreamConnection;
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
 * from the read buffer, and frames going out are encoded into one buffer that is written once per flush, so a
 * pipelining client costs a read and a write per batch of frames instead of several objects per frame.
 *
 * <p>Covers what a server must: masked client frames only, no reserved bits (no extensions are negotiated),
 * fragmented messages, ping/pong, the close handshake (with a time limit), 1002 for protocol errors, 1007 for text
 * that is not UTF-8, 1009 for messages larger than the limit. Everything runs on the connection's I/O thread.
 */
public final class WebSocketConnection {

    public static final int NORMAL_CLOSURE = 1000;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int SERVICE_RESTART = 1012;

    private static final int NO_STATUS = 1005;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    private static final long CLOSE_HANDSHAKE_MS = 5_000;

    private final StreamConnection connection;
    private final ConduitStreamSourceChannel source;
    private final ConduitStreamSinkChannel sink;
    private final int maxMessageBytes;
    private FrameHandler handler;
    /** Received bytes not yet parsed, in write mode. */
    private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES);
    /** Encoded frames not yet written, in write mode. */
    private ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    private int fragmentOpcode = -1;
    private byte[] fragments;
    private int fragmentsLength;
    private boolean readsPaused;
    private boolean parsing;
    private boolean closeSent;
    private boolean closeAfterFlush;
    private boolean closed;

    public WebSocketConnection(StreamConnection connection, int maxMessageBytes) {
        this.connection = connection;
        this.source = connection.getSourceChannel();
        this.sink = connection.getSinkChannel();
        this.maxMessageBytes = maxMessageBytes;
    }

    public void start(FrameHandler frameHandler) {
        this.handler = frameHandler;
        source.getReadSetter().set(channel -> onReadable());
        sink.getWriteSetter().set(channel -> flush());
        connection.setCloseListener(c -> onConnectionClosed());
        source.resumeReads();
    }

    public XnioIoThread ioThread() {
        return connection.getIoThread();
    }

    /** Bytes encoded but not yet written: the client is not reading as fast as it is answered. */
    public int pendingOutputBytes() {
        return out.position();
    }

    public void pauseReading() {
        if (!readsPaused) {
            readsPaused = true;
            source.suspendReads();
        }
    }

    /** Parses what is already buffered first, then reads from the network again. */
    public void resumeReading() {
        if (readsPaused && !closed) {
            readsPaused = false;
            if (!parsing) {
                // From a handler inside parseFrames its loop goes on by itself; otherwise drain the buffer first.
                parseFrames();
            }
            if (!readsPaused && !closed) {
                source.resumeReads();
            }
        }
    }

    public void sendText(byte[] utf8) {
        append(0x81, utf8, 0, utf8.length);
    }

    public void sendBinary(byte[] payload) {
        append(0x82, payload, 0, payload.length);
    }

    /** Starts the close handshake; the connection closes once the client answers, or after five seconds. */
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
        flush();
        ioThread().executeAfter(this::closeNow, CLOSE_HANDSHAKE_MS, TimeUnit.MILLISECONDS);
    }

    private void append(int firstByte, byte[] payload, int offset, int length) {
        if (closeSent || closed) {
            return;
        }
        int needed = length + 10;
        if (out.remaining() < needed) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + needed));
            out.flip();
            larger.put(out);
            out = larger;
        }
        out.put((byte) firstByte);
        if (length < 126) {
            out.put((byte) length);
        } else if (length < 65_536) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
        out.put(payload, offset, length);
    }

    /** Writes what is encoded; what the network does not take now is written when it becomes writable. */
    public void flush() {
        if (closed) {
            return;
        }
        try {
            out.flip();
            while (out.hasRemaining() && sink.write(out) > 0) {
                // Keep writing while the socket takes bytes.
            }
            boolean drained = !out.hasRemaining();
            out.compact();
            if (drained && sink.flush()) {
                sink.suspendWrites();
                if (closeAfterFlush) {
                    closeNow();
                    return;
                }
                handler.onOutputDrained();
            } else {
                sink.resumeWrites();
            }
        } catch (IOException e) {
            closeNow();
        }
    }

    private void onReadable() {
        try {
            while (!readsPaused && !closed) {
                if (!in.hasRemaining()) {
                    grow(in.capacity() * 2);
                }
                int read = source.read(in);
                if (read < 0) {
                    closeNow();
                    return;
                }
                if (read == 0) {
                    return;
                }
                parseFrames();
            }
        } catch (IOException e) {
            closeNow();
        }
    }

    /** Hands over every whole frame in the buffer, until the handler pauses reading. */
    private void parseFrames() {
        parsing = true;
        in.flip();
        try {
            while (!readsPaused && !closed) {
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
                    if (total > in.capacity()) {
                        in.compact();
                        grow(total);
                        in.flip();
                    }
                    return;
                }
                byte[] array = in.array();
                int maskAt = in.arrayOffset() + start + header;
                unmask(array, maskAt, (int) length);
                in.position(start + total);
                onFrame(fin, opcode, array, maskAt + 4, (int) length);
            }
        } finally {
            in.compact();
            parsing = false;
        }
    }

    private void grow(int capacity) {
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        in.flip();
        larger.put(in);
        in = larger;
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
        switch (opcode) {
            case 0 -> {
                if (fragmentOpcode < 0) {
                    fail(PROTOCOL_ERROR, "Continuation frame without a message to continue");
                    return;
                }
                if ((long) fragmentsLength + length > maxMessageBytes) {
                    fail(MESSAGE_TOO_BIG, "Messages are limited to " + maxMessageBytes + " bytes");
                    return;
                }
                if (fragments.length < fragmentsLength + length) {
                    fragments = Arrays.copyOf(fragments, Math.max(fragments.length * 2, fragmentsLength + length));
                }
                System.arraycopy(array, offset, fragments, fragmentsLength, length);
                fragmentsLength += length;
                if (fin) {
                    int whole = fragmentOpcode;
                    fragmentOpcode = -1;
                    deliver(whole, fragments, 0, fragmentsLength);
                    fragments = null;
                }
            }
            case 1, 2 -> {
                if (fragmentOpcode >= 0) {
                    fail(PROTOCOL_ERROR, "A new message started before the fragmented one ended");
                } else if (fin) {
                    deliver(opcode, array, offset, length);
                } else {
                    fragmentOpcode = opcode;
                    fragments = Arrays.copyOfRange(array, offset, offset + Math.max(length, 1024));
                    fragmentsLength = length;
                }
            }
            case 8 -> onCloseFrame(array, offset, length);
            case 9 -> {
                append(0x8a, array, offset, length);
                flush();
            }
            case 10 -> {
                // An unsolicited pong needs no answer.
            }
            default -> fail(PROTOCOL_ERROR, "Unknown opcode " + opcode);
        }
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
        if (closeSent) {
            closeNow();
            return;
        }
        int code = length >= 2 ? ((array[offset] & 0xff) << 8) | (array[offset + 1] & 0xff) : NO_STATUS;
        pauseReading();
        close(code == NO_STATUS ? NORMAL_CLOSURE : code, "");
        closeAfterFlush = true;
        flush();
    }

    private void fail(int code, String reason) {
        pauseReading();
        close(code, reason);
    }

    private void closeNow() {
        if (!closed) {
            IoUtils.safeClose(connection);
        }
    }

    private void onConnectionClosed() {
        if (closed) {
            return;
        }
        closed = true;
        handler.onClosed();
    }
}
