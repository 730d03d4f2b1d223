package dev.kgate.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.HttpGatewaySourceConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example connector configs in config/ pass the connector's own validation, as config/validate would run it. */
class ExampleConfigsTest {

    private static final Path CONFIG = Path.of("..", "config");
    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:([^:]+):([^}]+)}");

    @Test
    void everyExampleValidates() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(CONFIG)) {
            examples = files.filter(p -> p.getFileName().toString().endsWith("-connector.json")).sorted().toList();
        }
        assertEquals(4, examples.size(), examples.toString());
        for (Path example : examples) {
            JsonNode config = new ObjectMapper().readTree(example.toFile()).get("config");
            Map<String, String> props = new HashMap<>();
            config.fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
            props.replaceAll((key, value) -> resolved(value));
            // Files are named from the worker's working directory, the repository root in the local stack.
            props.replaceAll((key, value) -> key.endsWith(".file") ? CONFIG.resolveSibling(value).toString() : value);
            List<String> errors = new HttpGatewaySourceConnector().validate(props).configValues().stream()
                    .filter(v -> !v.errorMessages().isEmpty())
                    .map(v -> v.name() + ": " + v.errorMessages()).toList();
            assertEquals(List.of(), errors, example.toString());
        }
    }

    /** {@code ${file:<path from the repository root>:<key>}} as the worker's FileConfigProvider reads it. */
    private static String resolved(String value) {
        Matcher reference = FILE_REFERENCE.matcher(value);
        if (!reference.matches()) {
            return value;
        }
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(CONFIG.resolveSibling(reference.group(1)))) {
            file.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.getProperty(reference.group(2));
    }
}
