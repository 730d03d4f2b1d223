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

    /** The streaming scan reads every frame as the tree did: the same message, or a refusal in the same words. */
    @Test
    void theScanReadsEveryFrameAsTheTreeDid() {
        String[] frames = {
            "{\"value\":{\"value\":\"v\"}}",
            "{\"value\":{\"value\":\"v\",\"format\":\"string\",\"extra\":[1,{\"a\":null}]},\"other\":{\"x\":1}}",
            "{\"value\":{\"value\":\"first\"},\"value\":{\"value\":\"last\"}}",
            "{\"value\":{\"value\":\"v\"},\"value\":null}",
            "{\"value\":{\"value\":1,\"value\":\"two\"}}",
            "{\"value\":{\"format\":\"string\"}}",
            "{\"value\":{\"value\":null}}",
            "{\"value\":{\"value\":\"v\",\"format\":7}}",
            "{\"value\":{\"value\":\"v\",\"format\":null}}",
            "{\"value\":{\"value\":{\"a\":[1,2.50,1e400,-0,true]},\"format\":\"json\"}}",
            "{\"value\":{\"value\":12345678901234567890,\"format\":\"long\"}}",
            "{\"value\":{\"value\":2147483648,\"format\":\"int\"}}",
            "{\"value\":{\"value\":-32768,\"format\":\"short\"}}",
            "{\"value\":{\"value\":0.1000000000000000055,\"format\":\"double\"}}",
            "{\"value\":{\"value\":3.5e38,\"format\":\"float\"}}",
            "{\"value\":{\"value\":1e10000000000,\"format\":\"double\"}}",
            "{\"value\":{\"value\":\"AAEC\",\"format\":\"bytearray\"}}",
            "{\"value\":{\"value\":\"not base64!\",\"format\":\"bytearray\"}}",
            "{\"value\":{\"value\":true}}",
            "{\"value\":[1]}",
            "{\"value\":\"bare\"}",
            "{\"value\":null}",
            "{\"key\":null,\"value\":{\"value\":\"v\"}}",
            "{\"key\":{\"value\":\"k\",\"format\":\"string\"},\"value\":{\"value\":\"v\"}}",
            "{\"key\":5,\"value\":{\"value\":\"v\"}}",
            "{\"messageId\":17,\"value\":{\"value\":\"v\"}}",
            "{\"messageId\":1.50,\"value\":{\"value\":\"v\"}}",
            "{\"messageId\":true,\"value\":{\"value\":\"v\"}}",
            "{\"messageId\":\"m\",\"value\":{\"value\":1,\"format\":\"int\"}}",
            "{\"messageId\":\"m\",\"idempotencyKey\":\"k-1\",\"value\":{\"value\":\"v\"}}",
            "{\"messageId\":\"m\",\"idempotencyKey\":5,\"value\":{\"value\":\"v\"}}",
            "{\"messageId\":\"m\",\"idempotencyKey\":\"\",\"value\":{\"value\":\"v\"}}",
            "{\"headers\":[{\"key\":\"h\",\"value\":\"x\"},{\"key\":\"h\",\"value\":\"y\"}],\"value\":{\"value\":\"v\"}}",
            "{\"headers\":{\"key\":\"h\"},\"value\":{\"value\":\"v\"}}",
            "{\"headers\":null,\"value\":{\"value\":\"v\"}}",
            "{\"value\":{\"value\":\"\\ud83d\\ude00 \\u00e9 \\\"q\\\"\"}}",
            "{\"value\":{\"value\":\"v\"}} ",
            "{\"value\":{\"value\":\"v\"}} {}",
            "{\"value\":{\"value\":\"v\"}}]",
            "{\"value\":{\"value\":\"v\"},}",
            "{\"value\":{\"value\":\"v\"}",
            "{\"value\":{\"value\":\"v\"},\"x\":[1,}",
            "{\"value\":{\"value\":\"v\"},\"x\":01}",
            "{\"messageId\":\"m\",\"value\":{\"value\":\"v\"},\"x\":NaN}",
            "{'value':{'value':'v'}}",
            "[1]", "[]", "null", "\"text\"", "", " ", "{}", "5",
        };
        for (String text : frames) {
            byte[] frame = text.getBytes(StandardCharsets.UTF_8);
            for (FrameTypes types : new FrameTypes[]{UNDECLARED, new FrameTypes(FormatType.STRING, FormatType.JSON,
                    null), new FrameTypes(null, FormatType.LONG, null)}) {
                assertEquals(FrameReads.outcome(() -> JsonInFrames.readAsTree(frame, 0, frame.length, types)),
                        FrameReads.outcome(() -> JsonInFrames.read(frame, types)), text);
            }
        }
        // Not UTF-8 (UTF-16 is detected by its zero bytes): refused by the tree's check.
        byte[] utf16 = "{\"value\":{\"value\":\"v\"}}".getBytes(StandardCharsets.UTF_16BE);
        assertEquals(FrameReads.outcome(() -> JsonInFrames.readAsTree(utf16, 0, utf16.length, UNDECLARED)),
                FrameReads.outcome(() -> JsonInFrames.read(utf16, UNDECLARED)));
    }
}
