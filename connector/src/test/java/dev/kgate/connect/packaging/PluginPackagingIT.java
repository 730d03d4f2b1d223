package dev.kgate.connect.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.HttpGatewaySourceConnector;
import dev.kgate.connect.convert.KafkaSerdeConverter;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mvn package} builds, opened as a user and a worker open it: the Confluent Hub component archive and
 * the plain plugin folder. An integration test only because it needs the package phase's output; no cluster.
 */
class PluginPackagingIT {

    private static final String VERSION = required("kgate.project.version");
    private static final Path HUB_ARCHIVE = Path.of(required("kgate.hub.archive"));
    private static final Path PLUGIN_FOLDER = Path.of(required("kgate.plugin.folder"));
    private static final Path REPOSITORY = Path.of("..");
    /** The top folder of the Hub archive: {@code <owner>-<name>-<version>}. */
    private static final String HUB_ROOT = "kgate-kgate-connector-" + VERSION + "/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hubManifestHasTheHubFieldsAndTheBuildVersion() throws IOException {
        JsonNode manifest = JSON.readTree(hubEntry("manifest.json"));
        assertEquals("kgate-connector", manifest.path("name").asText());
        assertEquals(VERSION, manifest.path("version").asText());
        for (String field : List.of("title", "description", "owner/username", "owner/type", "owner/name",
                "support/provider_name", "support/summary")) {
            assertFalse(manifest.at("/" + field).asText().isBlank(), field);
        }
        assertTrue(manifest.path("release_date").asText().matches("\\d{4}-\\d{2}-\\d{2}"), manifest.toString());
        assertEquals(Set.of("source", "converter"), texts(manifest.path("component_types")));
        assertTrue(texts(manifest.path("tags")).containsAll(Set.of("http", "websocket", "gateway")));
        assertTrue(texts(manifest.path("requirements")).stream().anyMatch(r -> r.startsWith("Apache Kafka Connect")));
        JsonNode features = manifest.path("features");
        assertEquals(Set.of("any"), texts(features.path("supported_encodings")));
        assertTrue(features.path("single_message_transforms").asBoolean());
        assertTrue(features.path("kafka_connect_api").asBoolean());
        assertTrue(features.has("confluent_control_center_integration"));
        JsonNode license = manifest.path("license").path(0);
        assertEquals("Apache License 2.0", license.path("name").asText());
        assertEquals("https://www.apache.org/licenses/LICENSE-2.0", license.path("url").asText());
    }

    @Test
    void hubArchiveHasTheDocsAndTheExampleConfigs() throws IOException {
        assertArrayEquals(Files.readAllBytes(REPOSITORY.resolve("LICENSE")), hubEntry("doc/LICENSE"));
        assertTrue(new String(hubEntry("doc/LICENSE")).contains("Apache License\n                           Version 2.0"));
        assertArrayEquals(Files.readAllBytes(REPOSITORY.resolve("README.md")), hubEntry("doc/README.md"));
        List<Path> examples = repositoryConfigs();
        assertFalse(examples.isEmpty());
        for (Path example : examples) {
            String name = REPOSITORY.resolve("config").relativize(example).toString();
            assertArrayEquals(Files.readAllBytes(example), hubEntry("etc/" + name), example.toString());
        }
    }

    @Test
    void bothLeaveOutWhatTheWorkerProvides() throws IOException {
        Set<String> hubLibs = hubEntryNames().stream().filter(n -> n.startsWith(HUB_ROOT + "lib/"))
                .map(n -> n.substring((HUB_ROOT + "lib/").length())).filter(n -> !n.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> folderLibs;
        try (Stream<Path> jars = Files.list(PLUGIN_FOLDER.resolve("lib"))) {
            folderLibs = jars.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(hubLibs, folderLibs, "the Hub archive and the plain folder ship the same jars");
        assertTrue(hubLibs.contains("kgate-connector-" + VERSION + ".jar"), hubLibs.toString());
        assertTrue(hubLibs.contains("kgate-http-front-" + VERSION + ".jar"), hubLibs.toString());
        List<String> provided = hubLibs.stream()
                .filter(jar -> jar.startsWith("slf4j-") || jar.startsWith("kafka") || jar.startsWith("connect-"))
                .toList();
        assertEquals(List.of(), provided);
    }

    @Test
    void plainFolderHasTheSameManifestAndTheLicense() throws IOException {
        assertArrayEquals(hubEntry("manifest.json"), Files.readAllBytes(PLUGIN_FOLDER.resolve("manifest.json")));
        assertArrayEquals(Files.readAllBytes(REPOSITORY.resolve("LICENSE")),
                Files.readAllBytes(PLUGIN_FOLDER.resolve("LICENSE")));
    }

    /** Done as a worker does it: Connect's own plugin scanning over plugin.path, with class-loader isolation. */
    @Test
    void hubArchiveUnpackedOnPluginPathReportsTheBuildVersion(@TempDir Path pluginPath) throws IOException {
        unzip(HUB_ARCHIVE, pluginPath);
        assertPluginsReportTheBuildVersion(pluginPath);
    }

    @Test
    void plainFolderOnPluginPathReportsTheBuildVersion(@TempDir Path pluginPath) throws IOException {
        try (Stream<Path> files = Files.walk(PLUGIN_FOLDER)) {
            for (Path file : files.toList()) {
                Path copy = pluginPath.resolve("kgate-connector").resolve(PLUGIN_FOLDER.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        assertPluginsReportTheBuildVersion(pluginPath);
    }

    private static void assertPluginsReportTheBuildVersion(Path pluginPath) {
        Plugins plugins = new Plugins(Map.of("plugin.path", pluginPath.toAbsolutePath().toString(),
                "plugin.discovery", "service_load"));
        // The test classpath has these classes too; only what was loaded from the plugin folder counts.
        PluginDesc<?> connector = fromPluginPath(plugins.sourceConnectors(), HttpGatewaySourceConnector.class, pluginPath);
        PluginDesc<?> converter = fromPluginPath(plugins.converters(), KafkaSerdeConverter.class, pluginPath);
        assertEquals(VERSION, connector.version());
        assertEquals(VERSION, converter.version());
    }

    private static PluginDesc<?> fromPluginPath(Collection<? extends PluginDesc<?>> found, Class<?> type,
                                                Path pluginPath) {
        List<PluginDesc<?>> matches = new ArrayList<>();
        for (PluginDesc<?> desc : found) {
            if (desc.className().equals(type.getName())
                    && desc.location().contains(pluginPath.toAbsolutePath().toString())) {
                matches.add(desc);
            }
        }
        assertEquals(1, matches.size(), "one " + type.getSimpleName() + " from " + pluginPath + " in " + found);
        return matches.get(0);
    }

    private static byte[] hubEntry(String path) throws IOException {
        try (ZipFile zip = new ZipFile(HUB_ARCHIVE.toFile())) {
            ZipEntry entry = zip.getEntry(HUB_ROOT + path);
            assertTrue(entry != null, "no " + HUB_ROOT + path + " in " + HUB_ARCHIVE);
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    private static List<String> hubEntryNames() throws IOException {
        try (ZipFile zip = new ZipFile(HUB_ARCHIVE.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = into.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(into), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private static List<Path> repositoryConfigs() throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve("config"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run this test through Maven (failsafe)");
        }
        return value;
    }
}
