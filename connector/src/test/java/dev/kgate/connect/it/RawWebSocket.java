package dev.kgate.connect.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** A WebSocket client that can send any frame a hostile client would, masked or not, and reads raw frames back. */
final class RawWebSocket implements AutoCloseable {

    /** A frame from the server; for a close frame, {@code code} is its status (1005 when it has none). */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int code() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    static final Frame CONNECTION_ENDED = new Frame(-1, new byte[0]);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens and upgrades; throws with the refusal when the server does not switch protocols. */
    static RawWebSocket open(int port, String target, String... headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(RawExchange.request("GET", target, upgradeHeaders(headers), null, false));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                socket.close();
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("not upgraded: " + head);
        }
        return new RawWebSocket(socket);
    }

    /** An upgrade request's headers, then {@code extra}. */
    static String[] upgradeHeaders(String... extra) {
        String[] all = new String[extra.length + 4];
        all[0] = "Upgrade: websocket";
        all[1] = "Connection: Upgrade";
        all[2] = "Sec-WebSocket-Version: 13";
        all[3] = "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]);
        System.arraycopy(extra, 0, all, 4, extra.length);
        return all;
    }

    /** Sends one frame; {@code firstByte} holds FIN, RSV and the opcode. */
    void send(int firstByte, byte[] payload, boolean masked) throws IOException {
        byte[] header = new byte[14];
        int at = 0;
        header[at++] = (byte) firstByte;
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            header[at++] = (byte) (maskBit | payload.length);
        } else if (payload.length < 65_536) {
            header[at++] = (byte) (maskBit | 126);
            header[at++] = (byte) (payload.length >> 8);
            header[at++] = (byte) payload.length;
        } else {
            header[at++] = (byte) (maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header[at++] = (byte) ((long) payload.length >> shift);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            System.arraycopy(mask, 0, header, at, 4);
            at += 4;
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
        }
        try {
            out.write(header, 0, at);
            out.write(body);
            out.flush();
        } catch (SocketException e) {
            // The server closed first; what it said is read next.
        }
    }

    void text(String text) throws IOException {
        send(0x81, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Raw bytes, as a header that announces more than follows, say. */
    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame, or {@link #CONNECTION_ENDED}. */
    Frame read() throws IOException {
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, payload);
        } catch (java.io.EOFException | SocketException | SocketTimeoutException e) {
            return CONNECTION_ENDED;
        }
    }

    /** Reads past data frames to the close frame; its code, or -1 when the connection ended without one. */
    int closeCode() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame == CONNECTION_ENDED) {
                return -1;
            }
            if (frame.opcode() == 8) {
                return frame.code();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
