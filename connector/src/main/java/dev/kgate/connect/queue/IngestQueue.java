package dev.kgate.connect.queue;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-over between the listener's I/O threads and the task's {@code poll()}: bounded in records by
 * the queue's capacity and in bytes by a counter, never blocking the producer side.
 */
public final class IngestQueue implements MessageSink {

    private final ArrayBlockingQueue<IngestMessage> messages;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean stopped;
    private volatile boolean paused;

    public IngestQueue(int maxRecords, long maxBytes) {
        this.messages = new ArrayBlockingQueue<>(maxRecords);
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean hasRoomFor(long size) {
        return !stopped && !paused && messages.remainingCapacity() > 0 && fitsBytes(bytes.get(), size);
    }

    @Override
    public Offer offer(IngestMessage message) {
        if (stopped) {
            return Offer.STOPPED;
        }
        if (paused) {
            return Offer.PAUSED;
        }
        long size = message.sizeInBytes();
        long before = bytes.getAndAdd(size);
        if (!fitsBytes(before, size) || !messages.offer(message)) {
            bytes.addAndGet(-size);
            return Offer.FULL;
        }
        if ((stopped || paused) && messages.remove(message)) {
            // stop() or pause() drained the queue between our check and our offer.
            bytes.addAndGet(-size);
            return stopped ? Offer.STOPPED : Offer.PAUSED;
        }
        return Offer.ACCEPTED;
    }

    /** One message larger than the whole byte bound is still let through when the queue holds no bytes. */
    private boolean fitsBytes(long held, long size) {
        return held == 0 || held + size <= maxBytes;
    }

    /**
     * Waits up to {@code waitMs} for a first message, then takes whatever else is ready, up to {@code max}.
     *
     * @return the messages, empty when none came in time
     */
    public List<IngestMessage> drain(int max, long waitMs) throws InterruptedException {
        IngestMessage first = messages.poll(waitMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<IngestMessage> batch = new ArrayList<>(Math.min(max, messages.size() + 1));
        batch.add(first);
        messages.drainTo(batch, max - 1);
        long size = 0;
        for (IngestMessage message : batch) {
            size += message.sizeInBytes();
        }
        bytes.addAndGet(-size);
        return batch;
    }

    /** Refuses every later offer and returns what was still queued, for the caller to answer. */
    public List<IngestMessage> stop() {
        stopped = true;
        return takeAll();
    }

    /** Refuses offers until {@link #resume()} and returns what was queued, for the caller to answer. */
    public List<IngestMessage> pause() {
        paused = true;
        return takeAll();
    }

    public void resume() {
        paused = false;
    }

    private List<IngestMessage> takeAll() {
        List<IngestMessage> left = new ArrayList<>();
        messages.drainTo(left);
        long size = 0;
        for (IngestMessage message : left) {
            size += message.sizeInBytes();
        }
        bytes.addAndGet(-size);
        return left;
    }

    public int size() {
        return messages.size();
    }

    public long bytes() {
        return bytes.get();
    }
}
