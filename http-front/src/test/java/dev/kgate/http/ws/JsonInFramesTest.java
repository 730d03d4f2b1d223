package dev.kgate.http.ws;

import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonInFramesTest {

    private static final FrameTypes UNDECLARED = new FrameTypes(null, null, "kgate-user");

    private static InboundRecord read(String frame, FrameTypes types) throws BadFrameException {
        return JsonInFrames.read(frame.getBytes(StandardCharsets.UTF_8), types);
    }

    private static BadFrameException refused(String frame, FrameTypes types) {
        return assertThrows(BadFrameException.class, () -> read(frame, types));
    }

    @Test
    void readsTheSpecsExampleFrame() throws Exception {
        InboundRecord record = read("{\"headers\":[{\"key\":\"my_header\",\"value\":\"header_value\"}],"
                + "\"key\":{\"value\":\"foo\",\"format\":\"string\"},\"value\":{\"value\":\"bar\",\"format\":\"string\"},"
                + "\"messageId\":\"client_generated_id\"}", UNDECLARED);
        assertEquals(TypedValue.string("foo"), record.key());
        assertEquals(TypedValue.string("bar"), record.value());
        assertEquals(List.of(new MessageHeader("my_header", "header_value")), record.headers());
        assertEquals("client_generated_id", record.messageId());
    }

    @Test
    void typesComeFromTheSocketTheFrameOrTheDefault() throws Exception {
        FrameTypes declared = new FrameTypes(FormatType.LONG, FormatType.INT, null);
        InboundRecord record = read("{\"key\":{\"value\":5},\"value\":{\"value\":6}}", declared);
        assertEquals(new TypedValue(ValueType.INT64, 5L), record.key());
        assertEquals(new TypedValue(ValueType.INT32, 6), record.value());
        assertEquals(TypedValue.string("v"), read("{\"value\":{\"value\":\"v\"}}", UNDECLARED).value());
        assertNull(read("{\"value\":{\"value\":\"v\"},\"key\":null}", UNDECLARED).key());
    }

    @Test
    void refusalsNameTheMessageIdAndTheReason() {
        BadFrameException contradiction = refused("{\"value\":{\"value\":1,\"format\":\"string\"},\"messageId\":\"m\"}",
                new FrameTypes(null, FormatType.INT, null));
        assertEquals("m", contradiction.messageId());
        assertTrue(contradiction.getMessage().contains("declares valType=int"), contradiction.getMessage());
        assertTrue(refused("{\"key\":{\"value\":\"k\"},\"value\":{\"value\":\"v\"}}", UNDECLARED).getMessage()
                .contains("declares no keyType"));
        assertTrue(refused("{\"value\":{\"value\":\"v\",\"format\":\"integer\"}}", UNDECLARED).getMessage()
                .contains("unknown format 'integer'"));
        assertTrue(refused("{\"messageId\":\"x\"}", UNDECLARED).getMessage().contains("no 'value'"));
        assertTrue(refused("[1]", UNDECLARED).getMessage().contains("JSON object"));
        assertTrue(refused("{\"value\":", UNDECLARED).getMessage().startsWith("The frame is not valid JSON"));
        assertTrue(refused("{\"value\":\"bare\"}", UNDECLARED).getMessage().contains("must be an object"));
        assertTrue(refused("{\"value\":{\"value\":\"v\"},\"headers\":[{\"key\":\"KGATE-USER\",\"value\":\"x\"}]}",
                UNDECLARED).getMessage().contains("set by the gateway"));
        assertTrue(refused("{\"value\":{\"value\":\"v\"},\"headers\":[{\"key\":\"h\",\"value\":1}]}",
                UNDECLARED).getMessage().contains("string 'value'"));
    }
}
