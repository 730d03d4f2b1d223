package dev.kgate.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.connect.HttpGatewaySourceConnector;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Holds a connector config, as a user hands it to Connect, against the connector: the right class, keys that the
 * connector or Connect itself define, and no error from the connector's own validation (as config/validate runs it).
 */
final class ConnectorConfigCheck {

    /** A worker's config-provider reference: {@code ${provider:path:key}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+):([^:}]+):([^}]+)}");
    /** Key families Connect passes on (clients, converters, transforms) or the connector reads per station. */
    private static final List<String> OPEN_PREFIXES = List.of("producer.override.", "consumer.override.",
            "admin.override.", "key.converter.", "value.converter.", "header.converter.", "transforms.",
            "predicates.", "topic.creation.", StationRulesParser.PREFIX);

    /** Reads what a {@code ${provider:path:key}} reference stands for, as the worker's provider would. */
    interface ReferenceResolver {
        String resolve(String provider, String path, String key);
    }

    private ConnectorConfigCheck() {
    }

    /** A config object of JSON or YAML as Connect receives it: every value a string. */
    static Map<String, String> asStrings(JsonNode config) {
        Map<String, String> props = new TreeMap<>();
        config.fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        return props;
    }

    /** The config with every provider reference replaced by what it stands for. */
    static Map<String, String> resolved(Map<String, String> props, ReferenceResolver resolver) {
        Map<String, String> resolved = new HashMap<>(props);
        resolved.replaceAll((key, value) -> {
            Matcher reference = REFERENCE.matcher(value);
            if (!reference.matches()) {
                return value;
            }
            String secret = resolver.resolve(reference.group(1), reference.group(2), reference.group(3));
            if (secret == null) {
                throw new AssertionError(key + ": nothing behind " + value);
            }
            return secret;
        });
        return resolved;
    }

    static void assertHoldsAgainstTheConnector(String where, Map<String, String> resolvedProps) {
        assertEquals(HttpGatewaySourceConnector.class.getName(), resolvedProps.get("connector.class"), where);
        assertEquals(List.of(), unknownKeys(resolvedProps), where + ": keys neither the connector nor Connect define");
        List<String> errors = new HttpGatewaySourceConnector().validate(resolvedProps).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .map(v -> v.name() + ": " + v.errorMessages()).toList();
        assertEquals(List.of(), errors, where);
    }

    private static List<String> unknownKeys(Map<String, String> props) {
        Set<String> connectorKeys = HttpGatewayConfig.CONFIG_DEF.names();
        Set<String> connectKeys = SourceConnectorConfig.configDef().names();
        return props.keySet().stream().sorted()
                .filter(key -> !connectorKeys.contains(key) && !connectKeys.contains(key) && !"name".equals(key))
                .filter(key -> OPEN_PREFIXES.stream().noneMatch(key::startsWith))
                .toList();
    }
}
