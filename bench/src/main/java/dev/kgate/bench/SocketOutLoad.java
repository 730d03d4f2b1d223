package dev.kgate.bench;

import java.io.InputStream;
import java.net.Socket;

/**
 * Reads {@code /socket/out} as fast as the server sends, for at most a number of seconds or until the topic is
 * drained (a second without frames), and prints one RESULT line: record frames, error frames, and the seconds from
 * the first frame to the last. Usage:
 * {@code SocketOutLoad <port> <path?query> <seconds> <authorization header>}
 */
public final class SocketOutLoad {

    private SocketOutLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[2]);
        InputStream[] input = new InputStream[1];
        try (Socket socket = SocketInLoad.upgrade(port, args[1], args.length > 3 ? args[3] : null, input)) {
            ServerFrameReader frames = new ServerFrameReader(input[0]);
            long ok = 0;
            long other = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long first = 0;
            long last = 0;
            socket.setSoTimeout(1_000);
            while (System.nanoTime() < end) {
                int opcode;
                try {
                    opcode = frames.next();
                } catch (java.net.SocketTimeoutException e) {
                    if (ok > 0) {
                        break;
                    }
                    continue;
                }
                if (opcode == ServerFrameReader.CLOSE) {
                    break;
                }
                last = System.nanoTime();
                first = first == 0 ? last : first;
                // Record frames start {"wsProxyMessageId", error frames {"error".
                if (frames.payload()[2] == 'w') {
                    ok++;
                } else {
                    other++;
                }
            }
            double elapsed = (last - first) / 1e9;
            System.out.printf("RESULT ok=%d other=%d seconds=%.2f%n", ok, other, elapsed);
        }
    }
}
