package dev.kgate.connect.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's configuration reference is the ConfigDef's own output; regenerate it with bin/config-docs. */
class ReadmeConfigTableTest {

    private static final String START = "<!-- config-table:start -->\n";
    private static final String END = "<!-- config-table:end -->";

    @Test
    void readmeTableMatchesTheConfigDef() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(START) + START.length();
        int end = readme.indexOf(END);
        assertEquals(ConfigTable.markdown(HttpGatewayConfig.CONFIG_DEF).strip(), readme.substring(start, end).strip(),
                "README.md's configuration table is stale: paste the output of bin/config-docs between the markers");
    }
}
