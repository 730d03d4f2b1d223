package dev.kgate.http.ws;

import dev.kgate.http.auth.TokenSubprotocol;
import dev.kgate.http.ingest.Outcome;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.ws.avro.AvroInFrames;
import dev.kgate.http.ws.avro.WrapperSchemas;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts of /socket/in: parameters, subprotocols, outbound frames and the Avro codec. */
class SocketProtocolPiecesTest {

    @Test
    void parametersHaveTheSpecsDefaultsAndSayWhatIsWrong() throws Exception {
        InSocketParameters parameters = InSocketParameters.parse(Queries.of("clientId", "c", "topic", "t"));
        assertEquals(SocketPayload.JSON, parameters.payload());
        assertNull(parameters.keyType());
        assertNull(parameters.valType(), "string is applied per frame, so a frame may name its own format");
        assertEquals(FormatType.AVRO, InSocketParameters.parse(Queries.of("clientId", "c", "topic", "t",
                "socketPayload", "AVRO", "valType", "avro")).valType());
        assertTrue(assertThrows(QueryParameters.Invalid.class, () -> InSocketParameters.parse(Queries.of("topic", "t")))
                .getMessage().contains("'clientId'"));
        assertTrue(assertThrows(QueryParameters.Invalid.class, () -> InSocketParameters.parse(
                Queries.of("clientId", "c", "topic", "t", "socketPayload", "xml"))).getMessage().contains("socketPayload"));
        assertTrue(assertThrows(QueryParameters.Invalid.class, () -> InSocketParameters.parse(
                Queries.of("clientId", "c", "topic", "a", "topic", "b"))).getMessage().contains("more than once"));
    }

    @Test
    void theSelectedSubprotocolIsNotTheTokenWhenTheClientOffersAnother() {
        assertEquals("kgate", TokenSubprotocol.select(new String[]{"bearer.abc", " kgate"}));
        assertEquals("bearer.abc", TokenSubprotocol.select(new String[]{"bearer.abc"}));
        assertNull(TokenSubprotocol.select(new String[]{" "}));
    }

    @Test
    void resultFramesCarryTheIdUnderBothNamesAndEscapeIt() {
        assertEquals("{\"topic\":\"t\",\"partition\":1,\"offset\":2,\"timestamp\":3,"
                        + "\"messageId\":\"a\\\"b\",\"clientMessageId\":\"a\\\"b\"}",
                OutFrames.result(new WriteResult("t", 1, 2, 3), "a\"b"));
        assertEquals("{\"topic\":\"t\",\"partition\":1,\"offset\":2,\"timestamp\":3}",
                OutFrames.result(new WriteResult("t", 1, 2, 3), null));
        String failure = OutFrames.failure("m", Outcome.of(Outcome.Kind.UNKNOWN_TIMED_OUT, "slow"));
        assertTrue(failure.contains("\"outcome\":\"UNKNOWN\"") && failure.contains("may or may not be in Kafka"),
                failure);
    }

    @Test
    void theAvroCodecReadsWrappersAndWritesResults() throws Exception {
        GenericRecord wrapper = new GenericData.Record(WrapperSchemas.PRODUCER_RECORD);
        wrapper.put("value", 42L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(WrapperSchemas.PRODUCER_RECORD).write(wrapper, encoder);
        encoder.flush();
        AvroInFrames codec = new AvroInFrames();
        InboundRecord record = AvroRecords.toInbound(codec.read(out.toByteArray()), new FrameTypes(null, null, null));
        assertEquals(42L, record.value().value(), "the union branch names the type when none is declared");
        assertEquals(List.of(), record.headers());

        byte[] trailing = java.util.Arrays.copyOf(out.toByteArray(), out.size() + 1);
        assertThrows(IOException.class, () -> codec.read(trailing));
        assertThrows(IOException.class, () -> codec.read(new byte[]{(byte) 0x99}));

        GenericRecord result = new GenericDatumReader<GenericRecord>(WrapperSchemas.PRODUCER_RESULT).read(null,
                DecoderFactory.get().binaryDecoder(codec.result(new WriteResult("t", 1, 2, 3), "id"), null));
        assertEquals("id", result.get("clientMessageId").toString());
        assertEquals(2L, result.get("offset"));
    }
}
