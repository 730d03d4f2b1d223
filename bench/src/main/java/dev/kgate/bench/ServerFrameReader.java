package dev.kgate.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads the server's (unmasked) WebSocket frames into one reused buffer. */
final class ServerFrameReader {

    static final int CLOSE = 8;

    private final DataInputStream in;
    private byte[] payload = new byte[1 << 16];
    private int length;

    ServerFrameReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** @return the next frame's opcode; its payload is {@link #payload()} up to {@link #length()} */
    int next() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long size = b1 & 0x7f;
        if (size == 126) {
            size = in.readUnsignedShort();
        } else if (size == 127) {
            size = in.readLong();
        }
        if (size > payload.length) {
            payload = new byte[(int) size];
        }
        length = (int) size;
        in.readFully(payload, 0, length);
        return b0 & 0x0f;
    }

    byte[] payload() {
        return payload;
    }

    int length() {
        return length;
    }
}
