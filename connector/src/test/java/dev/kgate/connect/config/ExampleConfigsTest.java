package dev.kgate.connect.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example connector configs in config/ hold against the connector, as config/validate would judge them. */
class ExampleConfigsTest {

    private static final Path CONFIG = Path.of("..", "config");

    @Test
    void everyExampleValidates() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(CONFIG)) {
            examples = files.filter(p -> p.getFileName().toString().endsWith("-connector.json")).sorted().toList();
        }
        assertEquals(5, examples.size(), examples.toString());
        for (Path example : examples) {
            Map<String, String> props = ConnectorConfigCheck.resolved(ConnectorConfigCheck.asStrings(
                    new ObjectMapper().readTree(example.toFile()).get("config")), ExampleConfigsTest::fromRepository);
            // Files are named from the worker's working directory, the repository root in the local stack.
            props.replaceAll((key, value) -> key.endsWith(".file") ? CONFIG.resolveSibling(value).toString() : value);
            ConnectorConfigCheck.assertHoldsAgainstTheConnector(example.toString(), props);
        }
    }

    /** {@code ${file:<path from the repository root>:<key>}} as the worker's FileConfigProvider reads it. */
    static String fromRepository(String provider, String path, String key) {
        assertEquals("file", provider, path);
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(CONFIG.resolveSibling(path))) {
            file.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.getProperty(key);
    }
}
