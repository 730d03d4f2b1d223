package dev.kgate.connect;

import dev.kgate.connect.config.HttpGatewayConfig;
import dev.kgate.connect.lifecycle.ConfigGeneration;
import dev.kgate.connect.util.Version;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP (and WebSocket) gateway into Kafka. Every task listens on the same port of its worker; Connect produces
 * what clients post, and each client is answered with the record's partition and offset once Kafka has it.
 */
public class HttpGatewaySourceConnector extends SourceConnector {

    /** The connector's name, passed to tasks so they can tell their listener apart from other connectors'. */
    static final String CONNECTOR_NAME_KEY = "name";

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new HttpGatewayConfig(props);
        String[] problem = HttpGatewayConfig.crossKeyProblem(props);
        if (problem != null) {
            // The message names the key, never its value: it may be a secret.
            throw new ConfigException(problem[0] + ": " + problem[1]);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpGatewaySourceTask.class;
    }

    /** Every task runs the same listener; tasks.max sets how many share the load across (and within) workers. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        // One name for this configuration's tasks, fixed here: a task restarted alone later gets its stored config,
        // so it stays of its siblings' generation even when a config provider's secret has changed meanwhile.
        String generation = ConfigGeneration.of(props);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(ConfigGeneration.TASK_CONFIG_KEY, generation);
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return HttpGatewayConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean singleKeysValid = config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (singleKeysValid) {
            String[] problem = HttpGatewayConfig.crossKeyProblem(connectorConfigs);
            if (problem != null) {
                config.configValues().stream().filter(v -> v.name().equals(problem[0])).findFirst()
                        .ifPresent((ConfigValue v) -> v.addErrorMessage(problem[1]));
            }
        }
        return config;
    }

    /**
     * Supported: with {@code exactly.once.source.support=enabled} on the workers, Connect calls
     * {@code commitRecord} for a record only once its transaction has committed, so a client is acknowledged only
     * for committed records (and answers wait for the transaction boundary). The connector does not define
     * boundaries itself: {@code transaction.boundary} is {@code poll} (the default) or {@code interval}.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
