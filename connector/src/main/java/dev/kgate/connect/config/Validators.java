package dev.kgate.connect.config;

import dev.kgate.http.pipeline.CorsPolicy;
import dev.kgate.http.topic.TopicNames;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Validators with a readable {@code toString()}, which is what the generated docs show as "valid values". */
final class Validators {

    private Validators() {
    }

    /** A list of legal Kafka topic names. */
    static final ConfigDef.Validator TOPIC_NAMES = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            for (Object topic : (List<?>) value) {
                String reason = TopicNames.invalidReason(topic.toString());
                if (reason != null) {
                    throw new ConfigException(name, topic, reason);
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated Kafka topic names";
        }
    };

    /** A Java regular expression that compiles. */
    static final ConfigDef.Validator REGEX = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                Pattern.compile((String) value);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, value, "not a valid regular expression: " + e.getDescription());
            }
        }

        @Override
        public String toString() {
            return "Java regular expression";
        }
    };

    /** At least one host:port. */
    static final ConfigDef.Validator HOST_PORTS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> servers = (List<?>) value;
            if (servers == null || servers.isEmpty()) {
                throw new ConfigException(name, value, "at least one host:port is required");
            }
            for (Object server : servers) {
                String text = server.toString();
                int colon = text.lastIndexOf(':');
                if (colon <= 0 || colon == text.length() - 1) {
                    throw new ConfigException(name, text, "not a host:port");
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated host:port pairs";
        }
    };

    /** Browser origins as {@code scheme://host[:port]}, or {@code *} alone. */
    static final ConfigDef.Validator ORIGINS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                CorsPolicy.checkOrigins(strings(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "comma-separated scheme://host[:port], or *";
        }
    };

    /** HTTP methods or header names, e.g. {@code what} = "request header". */
    static ConfigDef.Validator httpNames(String what) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    CorsPolicy.checkNames(strings(value), what);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "comma-separated " + what + " names";
            }
        };
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }
}
