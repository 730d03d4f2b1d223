package dev.kgate.connect.value;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.ingest.JsonValueMapper;
import dev.kgate.http.ingest.StructuredValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of a {@code json} station: a schemaless Connect value (maps in the document's key order, lists,
 * strings, booleans, nulls, Long and Double), which the JsonConverter writes back as the same JSON. Numbers are
 * kept exact: an integer beyond 64 bits, or a decimal a double does not hold exactly (as its shortest decimal
 * form), is refused rather than rounded, since schemaless Connect values have no decimal type.
 */
public final class SchemalessMapper implements JsonValueMapper {

    public static final SchemalessMapper INSTANCE = new SchemalessMapper();

    /** A map or list costs more than its JSON text: boxed values, entries, hash tables. */
    private static final int HEAP_BYTES_PER_TEXT_BYTE = 4;

    private SchemalessMapper() {
    }

    @Override
    public StructuredValue map(JsonNode document, int textBytes) {
        return new StructuredValue(null, value(document), (long) HEAP_BYTES_PER_TEXT_BYTE * textBytes);
    }

    private static Object value(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    try {
                        map.put(field.getKey(), value(field.getValue()));
                    } catch (ValueRefusal refusal) {
                        throw refusal.under(field.getKey());
                    }
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    try {
                        list.add(value(node.get(i)));
                    } catch (ValueRefusal refusal) {
                        throw refusal.under(i);
                    }
                }
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NULL -> null;
            case NUMBER -> number(node);
            default -> throw new ValueRefusal("is not a JSON value");
        };
    }

    private static Object number(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new ValueRefusal(node + " is outside the 64-bit integer range"
                        + " (value mode json keeps numbers exact; use value mode bytes or string for it)");
            }
            return node.longValue();
        }
        BigDecimal exact = node.decimalValue();
        double value = exact.doubleValue();
        if (Double.isInfinite(value) || new BigDecimal(Double.toString(value)).compareTo(exact) != 0) {
            throw new ValueRefusal(node + " cannot be held exactly as a double (value"
                    + " mode json keeps numbers exact; use value mode bytes or string for it)");
        }
        return value;
    }
}
