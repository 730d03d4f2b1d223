package dev.kgate.connect.value;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.ingest.JsonValueMapper;
import dev.kgate.http.ingest.StructuredValue;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the {@link Struct} of a {@code struct} station from a document its JSON Schema accepted. The schema's
 * checks come first; this refuses what they let through but a struct cannot hold: properties the schema does not
 * declare, integers beyond 64 bits, numbers beyond a double, dates and times Connect cannot read.
 */
public final class StructMapper implements JsonValueMapper {

    private static final Set<String> TEMPORAL = Set.of(Timestamp.LOGICAL_NAME, Date.LOGICAL_NAME, Time.LOGICAL_NAME);

    private final Schema schema;
    private final long envelopeBytes;

    public StructMapper(Schema schema) {
        this.schema = schema;
        this.envelopeBytes = SchemaEnvelope.bytes(schema);
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public StructuredValue map(JsonNode document, int textBytes) {
        return new StructuredValue(schema, value(document, schema), 3L * textBytes + envelopeBytes);
    }

    private Object value(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            if (!schema.isOptional()) {
                throw new ValueRefusal("a value is required");
            }
            return null;
        }
        if (schema.name() != null && TEMPORAL.contains(schema.name())) {
            return temporal(node, schema);
        }
        return switch (schema.type()) {
            case STRUCT -> struct(node, schema);
            case ARRAY -> array(node, schema);
            case STRING -> {
                require(node.isTextual(), "a string");
                yield node.textValue();
            }
            case INT64 -> integer(node);
            case FLOAT64 -> number(node);
            case BOOLEAN -> {
                require(node.isBoolean(), "a boolean");
                yield node.booleanValue();
            }
            default -> throw new IllegalStateException("no JSON mapping for " + schema.type());
        };
    }

    private Struct struct(JsonNode node, Schema schema) {
        require(node.isObject(), "an object");
        Struct struct = new Struct(schema);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.field(name) == null) {
                throw new ValueRefusal("property '" + name + "' is not in the station's schema, and a struct"
                        + " keeps only the declared properties");
            }
        }
        for (Field field : schema.fields()) {
            try {
                struct.put(field, value(node.get(field.name()), field.schema()));
            } catch (ValueRefusal refusal) {
                throw refusal.under(field.name());
            }
        }
        return struct;
    }

    private List<Object> array(JsonNode node, Schema schema) {
        require(node.isArray(), "an array");
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            try {
                list.add(value(node.get(i), schema.valueSchema()));
            } catch (ValueRefusal refusal) {
                throw refusal.under(i);
            }
        }
        return list;
    }

    /** A string of format date-time, date or time, as the Connect logical type derived for it. */
    private static java.util.Date temporal(JsonNode node, Schema schema) {
        require(node.isTextual(), "a string");
        String text = node.textValue();
        try {
            return switch (schema.name()) {
                case Timestamp.LOGICAL_NAME -> java.util.Date.from(OffsetDateTime.parse(text).toInstant());
                case Date.LOGICAL_NAME -> new java.util.Date(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC)
                        .toInstant().toEpochMilli());
                default -> new java.util.Date(timeOfDayMillis(text));
            };
        } catch (DateTimeParseException e) {
            throw new ValueRefusal("'" + text + "' is not an RFC 3339 "
                    + schema.name().substring(schema.name().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        }
    }

    /** RFC 3339 times carry an offset; Connect's Time is milliseconds since midnight UTC. */
    private static long timeOfDayMillis(String text) {
        LocalTime utc;
        try {
            utc = OffsetTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
        } catch (DateTimeParseException e) {
            utc = LocalTime.parse(text);
        }
        return utc.toNanoOfDay() / 1_000_000;
    }

    private static long integer(JsonNode node) {
        require(node.isNumber(), "an integer");
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        try {
            return node.decimalValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new ValueRefusal(node + (node.decimalValue().stripTrailingZeros().scale() > 0
                    ? " is not a whole number" : " is outside the 64-bit integer range"));
        }
    }

    private static double number(JsonNode node) {
        require(node.isNumber(), "a number");
        BigDecimal exact = node.decimalValue();
        double value = exact.doubleValue();
        if (Double.isInfinite(value)) {
            throw new ValueRefusal(node + " is beyond a double's range");
        }
        return value;
    }

    private static void require(boolean fits, String what) {
        if (!fits) {
            throw new ValueRefusal("must be " + what);
        }
    }
}
