package dev.kgate.http.ws.avro;

import dev.kgate.http.ingest.WriteResult;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

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
        } catch (RuntimeException e) {
            // Avro reports some corrupt input (bad union index, negative length) as runtime exceptions.
            throw new IOException(e.getMessage(), e);
        }
        if (!decoder.isEnd()) {
            throw new IOException("trailing bytes after the AvroProducerRecord");
        }
        return record;
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
