package dev.kgate.http.ws.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The bytes a socket has encoded and the network has not yet taken, in a chain of the I/O thread's pooled
 * {@link WireBuffers}: appending never copies what is already there (a single growing buffer would, each time it
 * grew), and each write hands the kernel a bounded gather of buffers (a write from one large heap buffer copies all of
 * it into a direct buffer every time, however little the kernel then takes). Buffers go back to the pool as soon as
 * they are written. Used on the connection's I/O thread only.
 */
final class OutputChain {

    /** Buffers per gathering write: 128 KiB, about what a loopback or LAN socket takes at once. */
    private static final int GATHER = 8;

    /** In write mode; the head's bytes before {@link #headWritten} are on the network. */
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    private final byte[] header = new byte[10];
    private int headWritten;
    private int pending;

    /** Bytes appended and not yet written. */
    int pending() {
        return pending;
    }

    /** Bytes of the buffers held now. */
    int heldBytes() {
        return buffers.size() * WireBuffers.BUFFER_BYTES;
    }

    /** Appends a frame's header: FIN and opcode, then the unmasked payload length. */
    void appendHeader(int firstByte, int length) {
        header[0] = (byte) firstByte;
        int size;
        if (length < 126) {
            header[1] = (byte) length;
            size = 2;
        } else if (length < 65_536) {
            header[1] = 126;
            header[2] = (byte) (length >>> 8);
            header[3] = (byte) length;
            size = 4;
        } else {
            header[1] = 127;
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
            size = 10;
        }
        append(header, 0, size);
    }

    void append(byte[] bytes, int offset, int length) {
        int done = 0;
        while (done < length) {
            ByteBuffer tail = buffers.peekLast();
            if (tail == null || !tail.hasRemaining()) {
                tail = WireBuffers.take();
                buffers.addLast(tail);
            }
            int chunk = Math.min(tail.remaining(), length - done);
            tail.put(bytes, offset + done, chunk);
            done += chunk;
        }
        pending += length;
    }

    /**
     * Writes until the channel takes no more or nothing is pending.
     *
     * @return bytes written
     */
    long writeTo(GatheringByteChannel channel) throws IOException {
        long total = 0;
        while (pending > 0) {
            int count = 0;
            for (ByteBuffer buffer : buffers) {
                if (count == GATHER) {
                    break;
                }
                ByteBuffer view = buffer.duplicate().flip();
                if (count == 0) {
                    view.position(headWritten);
                }
                gather[count++] = view;
            }
            long written = channel.write(gather, 0, count);
            Arrays.fill(gather, 0, count, null);
            if (written <= 0) {
                break;
            }
            total += written;
            consume(written);
        }
        return total;
    }

    private void consume(long written) {
        pending -= (int) written;
        long left = written;
        while (left > 0) {
            ByteBuffer head = buffers.peekFirst();
            int unwritten = head.position() - headWritten;
            if (left < unwritten) {
                headWritten += (int) left;
                return;
            }
            left -= unwritten;
            headWritten = 0;
            WireBuffers.giveBack(buffers.pollFirst());
        }
    }

    /** Gives every buffer back (the socket closed, or nothing is pending). */
    void release() {
        ByteBuffer buffer;
        while ((buffer = buffers.pollFirst()) != null) {
            WireBuffers.giveBack(buffer);
        }
        headWritten = 0;
        pending = 0;
    }
}
