package dev.kgate.http.ws.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Encodes records of one schema as plain Avro binary (no container); reuses its encoder, so one per thread. */
public final class AvroBinaryWriter {

    private final Schema schema;
    private final GenericDatumWriter<GenericRecord> writer;
    private BinaryEncoder encoder;

    public AvroBinaryWriter(Schema schema) {
        this.schema = schema;
        this.writer = new GenericDatumWriter<>(schema);
    }

    public byte[] write(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode an " + schema.getName(), e);
        }
        return out.toByteArray();
    }
}
