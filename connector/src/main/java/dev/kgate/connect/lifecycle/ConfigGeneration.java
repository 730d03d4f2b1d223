package dev.kgate.connect.lifecycle;

import dev.kgate.connect.config.HttpGatewayConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names a task's configuration, so that tasks of one configuration share a listener and a config update's tasks
 * never share one with the old configuration's. A digest of everything but the secrets: task configs are shown by
 * the Connect REST API, and a digest over a weak password could be searched for it.
 */
public final class ConfigGeneration {

    /** Where the connector puts it in each task's config. */
    public static final String TASK_CONFIG_KEY = "kgate.config.generation";

    private ConfigGeneration() {
    }

    /** The generation the connector gave the task, or one computed from its config when it gave none. */
    public static String ofTask(Map<String, String> taskProps) {
        String given = taskProps.get(TASK_CONFIG_KEY);
        return given != null ? given : of(taskProps);
    }

    /** Passwords by their config type, and the keys outside the config definition that hold secrets by name. */
    private static boolean secret(String key) {
        ConfigDef.ConfigKey defined = HttpGatewayConfig.CONFIG_DEF.configKeys().get(key);
        if (defined != null) {
            return defined.type == ConfigDef.Type.PASSWORD;
        }
        String name = key.toLowerCase(Locale.ROOT);
        return name.contains("secret") || name.contains("password") || name.contains("jaas")
                || name.contains("token") || name.contains("credential");
    }

    public static String of(Map<String, String> taskProps) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> entry : new TreeMap<>(taskProps).entrySet()) {
                if (secret(entry.getKey())) {
                    continue;
                }
                digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(String.valueOf(entry.getValue()).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
