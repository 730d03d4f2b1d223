package dev.kgate.bench.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in the suite's JVM between the workers and the broker, so a scenario can cut the network without
 * killing the broker: {@link #drop()} resets every connection and every new one until {@link #restore()};
 * {@link #stall()} closes nothing but forwards nothing either, as a network path that silently loses every packet:
 * bytes already read are held, new connections are accepted and not connected onward, until {@link #restore()}
 * delivers what was held (as TCP's retransmissions would once the path is back).
 * Blocking sockets, two copying threads per connection: a few dozen Kafka connections, nothing to tune.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    /** Guards {@link #stalled}; the threads that forward bytes wait on it while stalled. */
    private final Object flow = new Object();
    private boolean stalled;

    TcpProxy(int listenPort, InetSocketAddress target) throws IOException {
        this.target = target;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The outage: every open connection reset now, every new one reset as soon as it is accepted. */
    void drop() {
        down = true;
        open.forEach(TcpProxy::reset);
    }

    /** The silent outage: nothing forwarded either way, nothing closed. */
    void stall() {
        synchronized (flow) {
            stalled = true;
        }
    }

    void restore() {
        down = false;
        synchronized (flow) {
            stalled = false;
            flow.notifyAll();
        }
    }

    private void awaitFlow() throws InterruptedException {
        synchronized (flow) {
            while (stalled) {
                flow.wait();
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    reset(client);
                    continue;
                }
                open.add(client);
                Thread connector = new Thread(() -> connect(client), "tcp-proxy-connect");
                connector.setDaemon(true);
                connector.start();
            } catch (IOException e) {
                // Closed (end of run) or one failed accept: the loop's condition decides.
            }
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            awaitFlow();
            upstream.connect(target, 2_000);
        } catch (IOException | InterruptedException e) {
            // The broker is down (the broker scenario): the client sees its connection closed, as with no proxy.
            reset(client);
            reset(upstream);
            open.remove(client);
            return;
        }
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
    }

    private void pipe(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitFlow();
                    out.write(buffer, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // Reset by drop() or by either end: close both sides below.
            } finally {
                reset(from);
                reset(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-copy");
        copier.setDaemon(true);
        copier.start();
    }

    /** Closes with SO_LINGER 0: the peer gets a reset at once, as when a network path or a firewall drops it. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // Already closed.
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to close.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(TcpProxy::reset);
    }
}
