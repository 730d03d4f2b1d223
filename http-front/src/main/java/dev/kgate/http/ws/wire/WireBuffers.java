package dev.kgate.http.ws.wire;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read and write buffers of the WebSockets of one I/O thread. A socket takes one when bytes arrive or a frame goes
 * out, and gives it back as soon as it holds nothing, so that an idle socket holds none: ten thousand idle sockets
 * cost no buffers, and a busy one reuses the same few. A connection uses its buffers only on its own I/O thread, so
 * each thread keeps its own free list, without locks. Heap buffers, not Undertow's direct ones: frames are unmasked
 * and parsed in place in the array.
 */
final class WireBuffers {

    static final int BUFFER_BYTES = 16 * 1024;
    /** Free buffers one thread keeps (1 MiB); more are left to the garbage collector. */
    private static final int MAX_FREE_PER_THREAD = 64;
    private static final ThreadLocal<ArrayDeque<ByteBuffer>> FREE = ThreadLocal.withInitial(ArrayDeque::new);
    /** Taken and not given back, by every socket of the JVM: what idle sockets hold (none) can be checked. */
    private static final AtomicInteger TAKEN = new AtomicInteger();

    private WireBuffers() {
    }

    /** @return an empty buffer of {@link #BUFFER_BYTES}, in write mode */
    static ByteBuffer take() {
        TAKEN.incrementAndGet();
        ByteBuffer buffer = FREE.get().pollLast();
        return buffer != null ? buffer : ByteBuffer.allocate(BUFFER_BYTES);
    }

    /** Buffers of the pool's size that sockets hold now. */
    static int taken() {
        return TAKEN.get();
    }

    /** Takes back a buffer the caller no longer uses; one of another size (grown for a large frame) is dropped. */
    static void giveBack(ByteBuffer buffer) {
        if (buffer.capacity() == BUFFER_BYTES) {
            TAKEN.decrementAndGet();
            ArrayDeque<ByteBuffer> free = FREE.get();
            if (free.size() < MAX_FREE_PER_THREAD) {
                free.addLast(buffer.clear());
            }
        }
    }
}
