package dev.kgate.connect.record;

import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.ingest.ValueType;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordMapperTest {

    private final RecordMapper mapper = new RecordMapper();

    private IngestSourceRecord map(TypedValue key, TypedValue value) {
        return mapper.toRecord(new IngestMessage("t", key, value, List.of(new MessageHeader("h", "v")), "id", o -> { }));
    }

    @Test
    void eachTypeGetsTheConnectSchemaOfTheSameType() {
        assertEquals(Schema.Type.BYTES, map(null, TypedValue.bytes(new byte[1])).valueSchema().type());
        assertEquals(Schema.Type.STRING, map(null, TypedValue.string("s")).valueSchema().type());
        assertEquals(Schema.Type.STRING, map(null, new TypedValue(ValueType.JSON, "{}")).valueSchema().type());
        assertEquals(Schema.Type.INT16, map(null, new TypedValue(ValueType.INT16, (short) 1)).valueSchema().type());
        assertEquals(Schema.Type.INT32, map(null, new TypedValue(ValueType.INT32, 1)).valueSchema().type());
        assertEquals(Schema.Type.INT64, map(null, new TypedValue(ValueType.INT64, 1L)).valueSchema().type());
        assertEquals(Schema.Type.FLOAT32, map(null, new TypedValue(ValueType.FLOAT32, 1f)).valueSchema().type());
        assertEquals(Schema.Type.FLOAT64, map(null, new TypedValue(ValueType.FLOAT64, 1d)).valueSchema().type());
    }

    @Test
    void keyValueAndHeadersCarryOver() {
        IngestSourceRecord record = map(new TypedValue(ValueType.INT64, 5L), TypedValue.string("v"));
        assertEquals(5L, record.key());
        assertEquals(Schema.Type.INT64, record.keySchema().type());
        assertEquals("v", record.value());
        assertEquals("v", record.headers().lastWithName("h").value());
        IngestSourceRecord keyless = map(null, TypedValue.string("v"));
        assertNull(keyless.key());
        assertNull(keyless.keySchema());
    }
}
