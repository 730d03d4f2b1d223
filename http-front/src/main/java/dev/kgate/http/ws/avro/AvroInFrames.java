package dev.kgate.http.ws.avro;

import dev.kgate.http.ingest.WriteResult;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.EOFException;
import java.io.IOException;

/**
 * Binary {@code AvroProducerRecord} frames in, binary {@code AvroProducerResult} frames out: one instance per socket,
 * used from that socket's I/O thread only (Avro's readers and encoders are reused, not shared).
 */
public final class AvroInFrames {

    private final GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(WrapperSchemas.PRODUCER_RECORD);
    private final AvroBinaryWriter writer = new AvroBinaryWriter(WrapperSchemas.PRODUCER_RESULT);
    private BinaryDecoder decoder;

    /**
     * @return the wrapper record
     * @throws IOException when the bytes are not one whole {@code AvroProducerRecord}
     */
    public GenericRecord read(byte[] frame) throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(frame, decoder);
        GenericRecord record;
        try {
            record = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new IOException("it ends before the record is complete", e);
        } catch (IOException | RuntimeException e) {
            // Avro reports most corrupt input (bad union index, negative length) as runtime exceptions, whose
            // messages name its classes or nothing: the client is told what is wrong in our words.
            throw new IOException(corruption(e), e);
        }
        if (!decoder.isEnd()) {
            throw new IOException("trailing bytes after the AvroProducerRecord");
        }
        return record;
    }

    private static String corruption(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Union branch index out of range")) {
            return "a union branch index is out of range";
        }
        if (message.contains("Length is negative") || e instanceof NegativeArraySizeException) {
            return "a length is negative";
        }
        if (message.contains("exceeds maximum allowed")) {
            return "a length is larger than allowed";
        }
        return "its bytes do not decode as the record's fields";
    }

    public byte[] result(WriteResult result, String clientMessageId) {
        GenericRecord record = new GenericData.Record(WrapperSchemas.PRODUCER_RESULT);
        record.put("topic", result.topic());
        record.put("partition", result.partition());
        record.put("offset", result.offset());
        record.put("timestamp", result.timestamp());
        record.put("clientMessageId", clientMessageId);
        return writer.write(record);
    }
}
