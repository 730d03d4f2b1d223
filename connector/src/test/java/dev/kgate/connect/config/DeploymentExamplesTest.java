package dev.kgate.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment examples (docker-compose.yml, deploy/strimzi/, deploy/connect-distributed/) parsed and held
 * against the code: connector keys the connector or Connect define, the real class, worker configs Connect accepts,
 * the listener port where it is published, secrets behind every reference, the plugin where the build puts it.
 */
class DeploymentExamplesTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** The plain plugin folder the package phase builds, as a path from here (connector/). */
    private static final Path PLUGIN_FOLDER = relativeToRepository(required("kgate.plugin.folder"));
    private static final String HUB_ARCHIVE_NAME = Path.of(required("kgate.hub.archive")).getFileName().toString();
    private static final String KAFKA_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

    // docker-compose.yml

    @Test
    void composeRunsKafkaInKraftModeFromApacheKafkasImage() throws IOException {
        JsonNode kafka = composeService("kafka");
        assertEquals(KAFKA_IMAGE, kafka.path("image").asText(), "the Kafka version the connector is built against");
        Set<String> roles = Set.of(kafka.at("/environment/KAFKA_PROCESS_ROLES").asText().split(","));
        assertEquals(Set.of("broker", "controller"), roles);
        assertFalse(compose().toString().toLowerCase().contains("zookeeper"));
    }

    @Test
    void composeWorkerLoadsThePluginFolderTheBuildMakes() throws IOException {
        JsonNode connect = composeService("connect");
        assertEquals(KAFKA_IMAGE, connect.path("image").asText());
        List<String> command = texts(connect.path("command"));
        assertTrue(command.get(0).endsWith("/connect-distributed.sh"), command.toString());
        Map<String, String> worker = properties(hostPath(connect, command.get(1)));
        assertWorkerConfigAccepted(worker);
        // Connect wants each plugin in its own folder directly under plugin.path.
        assertEquals(PLUGIN_FOLDER.getParent(), hostPath(connect, worker.get("plugin.path")));
        assertTrue(advertisedListeners().contains(worker.get("bootstrap.servers")), worker.get("bootstrap.servers"));
    }

    @Test
    void composeCreatesTheConnectorFromConfigAndPublishesItsPort() throws IOException {
        JsonNode connect = composeService("connect");
        JsonNode creator = composeService("create-connector");
        List<String> command = texts(creator.path("command"));
        assertEquals(REPOSITORY.resolve("deploy/create-connector.sh").normalize(), hostPath(creator, command.get(1)));
        Path connectorFile = hostPath(creator, command.get(2));
        assertEquals(REPOSITORY.resolve("config").normalize(), connectorFile.getParent(), "a file in config/");
        assertTrue(command.get(3).startsWith("http://connect:"), command.toString());

        Map<String, String> props = connectorConfig(connectorFile);
        String workingDir = connect.path("working_dir").asText();
        ConnectorConfigCheck.assertHoldsAgainstTheConnector(connectorFile.toString(), ConnectorConfigCheck.resolved(
                props, (provider, path, key) -> {
                    assertEquals("file", provider);
                    return properties(hostPath(connect, path.startsWith("/") ? path : workingDir + "/" + path))
                            .get(key);
                }));
        assertListensOnEveryInterface(props);
        assertTrue(texts(connect.path("ports")).contains(port(props) + ":" + port(props)),
                "the listener's port published as itself");
        assertTrue(advertisedListeners().contains(props.get(HttpGatewayConfig.KAFKA_BOOTSTRAP_SERVERS_CONFIG)));
    }

    // deploy/strimzi/

    @Test
    void strimziConnectorRunsOnTheConnectClusterWithOneListenerPerWorker() {
        JsonNode connect = strimzi("KafkaConnect");
        JsonNode connector = strimzi("KafkaConnector");
        String cluster = connect.at("/metadata/name").asText();
        assertEquals("true", connect.at("/metadata/annotations/strimzi.io~1use-connector-resources").asText());
        assertEquals(AppInfoParser.getVersion(), connect.at("/spec/version").asText());
        assertEquals(cluster, connector.at("/metadata/labels/strimzi.io~1cluster").asText());
        assertEquals(connect.at("/spec/replicas").asInt(), connector.at("/spec/tasksMax").asInt());
        JsonNode artifact = connect.at("/spec/build/plugins/0/artifacts/0");
        assertEquals("zip", artifact.path("type").asText());
        assertTrue(artifact.path("url").asText().endsWith("/" + HUB_ARCHIVE_NAME), "the Hub archive the build makes");

        Map<String, String> workerConfig = ConnectorConfigCheck.asStrings(connect.at("/spec/config"));
        workerConfig.put("bootstrap.servers", connect.at("/spec/bootstrapServers").asText());
        assertWorkerConfigAccepted(workerConfig);
    }

    @Test
    void strimziConnectorConfigHoldsWithTheMountedSecret() {
        JsonNode connect = strimzi("KafkaConnect");
        JsonNode connector = strimzi("KafkaConnector");
        Map<String, String> props = ConnectorConfigCheck.asStrings(connector.at("/spec/config"));
        props.put("connector.class", connector.at("/spec/class").asText());
        props.put("tasks.max", connector.at("/spec/tasksMax").asText());
        assertEquals("org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                connect.at("/spec/config/config.providers.directory.class").asText());
        ConnectorConfigCheck.assertHoldsAgainstTheConnector("deploy/strimzi/kafka-connector.yaml",
                ConnectorConfigCheck.resolved(props, (provider, path, key) -> {
                    assertEquals("directory", provider);
                    return mountedSecret(connect, path).at("/stringData/" + key).textValue();
                }));
        assertListensOnEveryInterface(props);
    }

    @Test
    void strimziServiceAndNetworkPolicyOpenTheListenerPortOfTheConnectPods() {
        JsonNode connect = strimzi("KafkaConnect");
        Map<String, String> props = ConnectorConfigCheck.asStrings(strimzi("KafkaConnector").at("/spec/config"));
        int port = port(props);
        // The labels Strimzi puts on the pods of a KafkaConnect.
        Map<String, String> podLabels = Map.of("strimzi.io/cluster", connect.at("/metadata/name").asText(),
                "strimzi.io/kind", "KafkaConnect");

        JsonNode service = strimzi("Service");
        assertTrue(podLabels.entrySet().containsAll(ConnectorConfigCheck.asStrings(service.at("/spec/selector"))
                .entrySet()), "the Service selects the Connect pods");
        assertEquals(port, service.at("/spec/ports/0/targetPort").asInt());

        JsonNode policy = strimzi("NetworkPolicy");
        assertTrue(podLabels.entrySet().containsAll(ConnectorConfigCheck.asStrings(
                policy.at("/spec/podSelector/matchLabels")).entrySet()), "the policy applies to the Connect pods");
        assertEquals(port, policy.at("/spec/ingress/0/ports/0/port").asInt());
    }

    // deploy/connect-distributed/

    @Test
    void connectDistributedRecipeHolds() throws IOException {
        Path recipe = REPOSITORY.resolve("deploy/connect-distributed");
        String readme = Files.readString(recipe.resolve("README.md"));
        Map<String, String> worker = properties(recipe.resolve("worker.properties"));
        assertWorkerConfigAccepted(worker);
        assertTrue(readme.contains("scp -r " + REPOSITORY.relativize(PLUGIN_FOLDER) + " connect-1:"
                        + worker.get("plugin.path") + "/"),
                "the README copies the plugin folder the build makes under plugin.path");
        assertTrue(readme.contains("deploy/create-connector.sh deploy/connect-distributed/kgate-gateway.json"));
        assertTrue(readme.contains("--data @deploy/connect-distributed/kgate-gateway.json"));

        Map<String, String> props = connectorConfig(recipe.resolve("kgate-gateway.json"));
        String secrets = "/etc/kgate/secrets.properties";
        assertTrue(readme.contains("at `" + secrets + "`"), "the README puts secrets.properties where it is read");
        ConnectorConfigCheck.assertHoldsAgainstTheConnector("deploy/connect-distributed/kgate-gateway.json",
                ConnectorConfigCheck.resolved(props, (provider, path, key) -> {
                    assertEquals("file", provider);
                    assertEquals(secrets, path);
                    return properties(recipe.resolve("secrets.properties")).get(key);
                }));
        assertTrue(readme.contains("port " + port(props)), "the README opens the listener's port");
    }

    // helpers

    /** Connect's own parsing of a distributed worker's config, and no key it does not define. */
    private static void assertWorkerConfigAccepted(Map<String, String> worker) {
        DistributedConfig config = new DistributedConfig(worker);
        List<String> unknown = worker.keySet().stream().sorted()
                .filter(key -> !config.values().containsKey(key) && !key.startsWith("config.providers."))
                .toList();
        assertEquals(List.of(), unknown);
        assertTrue(List.of(worker.get("config.providers").split(",")).stream().allMatch(provider ->
                worker.containsKey("config.providers." + provider + ".class")), "each provider has its class");
    }

    /** In a container or a pod the listener must not bind to loopback only. */
    private static void assertListensOnEveryInterface(Map<String, String> props) {
        assertEquals("0.0.0.0", props.getOrDefault(HttpGatewayConfig.HTTP_BIND_ADDRESS_CONFIG,
                HttpGatewayConfig.HTTP_BIND_ADDRESS_DEFAULT));
    }

    private static int port(Map<String, String> props) {
        return Integer.parseInt(props.getOrDefault(HttpGatewayConfig.HTTP_PORT_CONFIG,
                String.valueOf(HttpGatewayConfig.HTTP_PORT_DEFAULT)));
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(REPOSITORY.resolve("docker-compose.yml").toFile());
    }

    private static JsonNode composeService(String name) throws IOException {
        JsonNode service = compose().at("/services/" + name);
        assertFalse(service.isMissingNode(), "service " + name);
        return service;
    }

    /** host:port of every listener the compose file's broker advertises. */
    private static Set<String> advertisedListeners() throws IOException {
        Set<String> hostPorts = new HashSet<>();
        for (String listener : composeService("kafka").at("/environment/KAFKA_ADVERTISED_LISTENERS").asText()
                .split(",")) {
            hostPorts.add(listener.substring(listener.indexOf("://") + 3));
        }
        return hostPorts;
    }

    /** The repository file a compose service sees at a path in its container, through its bind mounts. */
    private static Path hostPath(JsonNode service, String containerPath) {
        for (String volume : texts(service.path("volumes"))) {
            String[] parts = volume.split(":");
            String target = parts[1];
            if (containerPath.equals(target) || containerPath.startsWith(target + "/")) {
                return REPOSITORY.resolve(parts[0] + containerPath.substring(target.length())).normalize();
            }
        }
        throw new AssertionError(containerPath + " is not mounted into " + service);
    }

    private static JsonNode strimzi(String kind) {
        List<JsonNode> found = new ArrayList<>();
        try (var files = Files.list(REPOSITORY.resolve("deploy/strimzi"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                    if (kind.equals(document.path("kind").asText())) {
                        found.add(document);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(1, found.size(), "one " + kind + " in deploy/strimzi");
        return found.get(0);
    }

    /** The Secret that the KafkaConnect's pod template mounts at a path of the Connect container. */
    private static JsonNode mountedSecret(JsonNode connect, String mountPath) {
        String volume = null;
        for (JsonNode mount : connect.at("/spec/template/connectContainer/volumeMounts")) {
            if (mount.path("mountPath").asText().equals(mountPath)) {
                volume = mount.path("name").asText();
            }
        }
        assertNotNull(volume, "nothing mounted at " + mountPath);
        for (JsonNode podVolume : connect.at("/spec/template/pod/volumes")) {
            if (podVolume.path("name").asText().equals(volume)) {
                JsonNode secret = strimzi("Secret");
                assertEquals(podVolume.at("/secret/secretName").asText(), secret.at("/metadata/name").asText());
                return secret;
            }
        }
        throw new AssertionError("no pod volume " + volume);
    }

    private static Map<String, String> connectorConfig(Path file) throws IOException {
        JsonNode connector = new ObjectMapper().readTree(file.toFile());
        assertFalse(connector.path("name").asText().isEmpty(), file + " names the connector");
        return ConnectorConfigCheck.asStrings(connector.path("config"));
    }

    private static Map<String, String> properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Path relativeToRepository(String path) {
        return REPOSITORY.resolve(REPOSITORY.toAbsolutePath().normalize().relativize(Path.of(path))).normalize();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run this test through Maven (surefire)");
        }
        return value;
    }
}
