package dev.kgate.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** The benchmark clients' WebSocket plumbing: the handshake by hand, and client frames built once and reused. */
final class WebSockets {

    private WebSockets() {
    }

    /** An upgraded socket and its buffered input, positioned after the 101's head. */
    record Upgraded(Socket socket, InputStream input) {
    }

    /**
     * Opens {@code ws://host:port/path?query} or {@code wss://...} (any certificate is trusted: the benchmark's is
     * self-signed) and returns it after the 101.
     */
    static Upgraded upgrade(URI url, String authorization) throws IOException {
        boolean tls = "wss".equals(url.getScheme()) || "https".equals(url.getScheme());
        Socket socket = tls ? trustingAll().getSocketFactory().createSocket(url.getHost(), url.getPort())
                : new Socket(url.getHost(), url.getPort());
        socket.setTcpNoDelay(true);
        if (socket instanceof SSLSocket ssl) {
            ssl.startHandshake();
        }
        InputStream raw = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        socket.getOutputStream().write(upgradeRequest(url, authorization));
        socket.getOutputStream().flush();
        String head = readHead(raw);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head);
        }
        return new Upgraded(socket, raw);
    }

    static byte[] upgradeRequest(URI url, String authorization) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String request = "GET " + target + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads byte by byte up to the blank line, so that nothing after the head is consumed. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    static SSLContext trustingAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code /socket/in} JSON frame that writes {@code record} as a string value. */
    static byte[] socketInFrame(byte[] record) {
        String text = new String(record, StandardCharsets.US_ASCII).replace("\\", "\\\\").replace("\"", "\\\"");
        return clientFrame(("{\"value\":{\"value\":\"" + text + "\"}}").getBytes(StandardCharsets.US_ASCII));
    }

    /** A masked text frame; the mask is all zeros (legal), so the payload stays as it is and frames can be reused. */
    static byte[] clientFrame(byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header + 4, payload.length);
        return frame;
    }

    /** All frames of the same length, one after the other, so that a run of them can be written with one call. */
    static byte[] ring(byte[][] frames) {
        byte[] ring = new byte[frames.length * frames[0].length];
        for (int i = 0; i < frames.length; i++) {
            System.arraycopy(frames[i], 0, ring, i * frames[0].length, frames[0].length);
        }
        return ring;
    }

    private static final byte[] OFFSET = "\"offset\"".getBytes(StandardCharsets.US_ASCII);

    /** A result frame names its offset; an error frame does not. */
    static boolean isResult(byte[] data, int from, int length) {
        outer:
        for (int i = from; i + OFFSET.length <= from + length; i++) {
            for (int j = 0; j < OFFSET.length; j++) {
                if (data[i + j] != OFFSET[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
