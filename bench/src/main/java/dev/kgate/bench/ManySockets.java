package dev.kgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Many WebSocket client connections on one thread: one selector, a small buffer per connection, no thread per
 * socket, so that a single client process can hold ten thousand sockets. It answers the server's pings (an idle
 * socket stays open past the server's idle timeout), hands text frames to a callback, and masks what it sends with an
 * all-zero key (as cheap as masking gets, and valid).
 */
final class ManySockets implements AutoCloseable {

    private static final int READ_BUFFER_BYTES = 2048;

    private final InetSocketAddress server;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean running = true;

    /** What the server answered an upgrade with: 101 and the connection, or a refusal's status and headers. */
    record Answer(int status, Connection connection, String head, String body) {
    }

    ManySockets(int port) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "many-sockets");
        loop.setDaemon(true);
        loop.start();
    }

    /** Sockets open now (upgraded, not yet closed). */
    int openNow() {
        return open.get();
    }

    /**
     * Opens a connection and asks for the upgrade.
     *
     * @param onText gets each text frame the server sends, on the selector thread
     */
    CompletableFuture<Answer> open(String pathAndQuery, String authorization, BiConsumer<Connection, String> onText) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        submit(() -> {
            try {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                Connection connection = new Connection(channel, request(pathAndQuery, authorization), answer, onText);
                channel.connect(server);
                channel.register(selector, SelectionKey.OP_CONNECT, connection);
            } catch (IOException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private String request(String pathAndQuery, String authorization) {
        byte[] key = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(key);
        return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
    }

    private void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection connection = (Connection) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            connection.finishConnect(key);
                        }
                        if (key.isValid() && key.isWritable()) {
                            connection.writeOut(key);
                        }
                        if (key.isValid() && key.isReadable()) {
                            connection.readIn(key);
                        }
                    } catch (IOException | RuntimeException e) {
                        connection.ended(key, e);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** One client socket; every method but {@link #sendText} and {@link #close} runs on the selector thread. */
    final class Connection {
        private final SocketChannel channel;
        private final CompletableFuture<Answer> answer;
        private final BiConsumer<Connection, String> onText;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES);
        private boolean upgraded;
        private volatile boolean closed;
        /** The close code the server sent; 0 while none came. */
        volatile int closeCode;
        /** Free for the caller: how many answers or records this socket has seen. */
        final AtomicInteger received = new AtomicInteger();

        private Connection(SocketChannel channel, String request, CompletableFuture<Answer> answer,
                           BiConsumer<Connection, String> onText) {
            this.channel = channel;
            this.answer = answer;
            this.onText = onText;
            out.add(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        boolean closed() {
            return closed;
        }

        /** Sends a text frame, from any thread. */
        void sendText(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            submit(() -> queue(0x81, payload));
        }

        /** Starts the close handshake, from any thread. */
        void close() {
            submit(() -> {
                if (!closed) {
                    queue(0x88, new byte[]{0x03, (byte) 0xe8});
                }
            });
        }

        private void finishConnect(SelectionKey key) throws IOException {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        private void queue(int firstByte, byte[] payload) {
            if (closed) {
                return;
            }
            int headerBytes = payload.length < 126 ? 6 : payload.length < 65_536 ? 8 : 14;
            ByteBuffer frame = ByteBuffer.allocate(headerBytes + payload.length);
            frame.put((byte) firstByte);
            if (payload.length < 126) {
                frame.put((byte) (0x80 | payload.length));
            } else if (payload.length < 65_536) {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(payload.length);
            }
            // An all-zero mask: the payload goes as it is.
            frame.putInt(0).put(payload).flip();
            out.add(frame);
            SelectionKey key = channel.keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
        }

        private void writeOut(SelectionKey key) throws IOException {
            ByteBuffer next;
            while ((next = out.peek()) != null) {
                channel.write(next);
                if (next.hasRemaining()) {
                    return;
                }
                out.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void readIn(SelectionKey key) throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            int read = channel.read(in);
            if (read < 0) {
                ended(key, null);
                return;
            }
            in.flip();
            if (!upgraded) {
                readHead(key);
            }
            if (upgraded) {
                readFrames();
            }
            in.compact();
        }

        private void readHead(SelectionKey key) throws IOException {
            String text = StandardCharsets.ISO_8859_1.decode(in.duplicate()).toString();
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            String head = text.substring(0, end);
            int status = Integer.parseInt(head.substring(9, 12));
            if (status == 101) {
                in.position(in.position() + end + 4);
                upgraded = true;
                open.incrementAndGet();
                answer.complete(new Answer(101, this, head, ""));
                return;
            }
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (text.length() - end - 4 < length) {
                return;
            }
            answer.complete(new Answer(status, null, head, text.substring(end + 4, end + 4 + length)));
            closed = true;
            key.cancel();
            channel.close();
        }

        private void readFrames() {
            while (in.remaining() >= 2) {
                int start = in.position();
                int b0 = in.get(start) & 0xff;
                int b1 = in.get(start + 1) & 0x7f;
                int header = 2;
                long length = b1;
                if (b1 == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    length = in.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (b1 == 127) {
                    if (in.remaining() < 10) {
                        return;
                    }
                    length = in.getLong(start + 2);
                    header = 10;
                }
                if (in.remaining() < header + length) {
                    return;
                }
                byte[] payload = new byte[(int) length];
                in.position(start + header);
                in.get(payload);
                onFrame(b0 & 0x0f, payload);
            }
        }

        private void onFrame(int opcode, byte[] payload) {
            switch (opcode) {
                case 1 -> onText.accept(this, new String(payload, StandardCharsets.UTF_8));
                case 8 -> {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    queue(0x88, new byte[]{0x03, (byte) 0xe8});
                    markClosed();
                }
                case 9 -> queue(0x8a, payload);
                default -> {
                    // Pongs, binary frames: nothing to do.
                }
            }
        }

        private void markClosed() {
            if (!closed) {
                closed = true;
                if (upgraded) {
                    open.decrementAndGet();
                }
            }
        }

        private void ended(SelectionKey key, Exception failure) {
            markClosed();
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                // Closed either way.
            }
            if (!answer.isDone()) {
                answer.completeExceptionally(failure != null ? failure
                        : new IOException("the server closed the connection during the upgrade"));
            }
        }
    }
}
