package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The integration tests run the connector as a real worker does: loaded from the plugin folder on
 * {@code plugin.path}, in Connect's class loader for that plugin, with the plugin's own libraries in it, while Connect
 * and the broker have Kafka's versions of the libraries both use (Jackson, jose4j).
 */
@ExtendWith(SharedGatewayCluster.class)
class PluginIsolationIT {

    private static final String CONNECTOR = "isolation";
    private static PluginClassLoader taskLoader;

    @BeforeAll
    static void start(GatewayCluster cluster) throws Exception {
        cluster.startConnector(CONNECTOR, GatewayCluster.connectorConfig(GatewayCluster.freePort(), 1, "iso-.*"), 1);
        taskLoader = assertInstanceOf(PluginClassLoader.class, taskThread().getContextClassLoader(),
                "the task's class loader");
    }

    /** Connect runs a task on a thread of this name with the connector's class loader as its context loader. */
    private static Thread taskThread() {
        String name = "task-thread-" + CONNECTOR + "-0";
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no thread " + name));
    }

    @Test
    void theTaskRunsFromThePluginFolder() throws Exception {
        assertEquals(GatewayCluster.PLUGIN_FOLDER, path(new URL(taskLoader.location())));
        Class<?> task = taskLoader.loadClass("dev.kgate.connect.HttpGatewaySourceTask");
        assertSame(taskLoader, task.getClassLoader());
        assertEquals(GatewayCluster.PLUGIN_FOLDER.resolve("lib"), jarOf(task).getParent());
    }

    @Test
    void thePluginHasItsOwnJacksonAndJose4jAndConnectHasKafkasVersions() throws Exception {
        for (Class<?> shared : new Class<?>[]{ObjectMapper.class, JwtClaims.class}) {
            Class<?> plugins = taskLoader.loadClass(shared.getName());
            assertNotSame(shared, plugins, shared.getName());
            assertEquals(GatewayCluster.PLUGIN_FOLDER.resolve("lib"), jarOf(plugins).getParent(), shared.getName());
        }
        assertEquals("jackson-databind-" + required("kgate.it.kafka.jackson.version") + ".jar",
                jarOf(ObjectMapper.class).getFileName().toString());
        assertEquals("jose4j-" + required("kgate.it.kafka.jose4j.version") + ".jar",
                jarOf(JwtClaims.class).getFileName().toString());
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return path(type.getProtectionDomain().getCodeSource().getLocation());
    }

    private static Path path(URL url) throws URISyntaxException {
        return Path.of(url.toURI()).toAbsolutePath().normalize();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run this test through Maven (failsafe)");
        }
        return value;
    }
}
