package dev.kgate.connect.config;

import org.apache.kafka.common.config.ConfigException;

/** A TLS setting that cannot work, with the key at fault; the message never holds a password or a key. */
final class TlsProblem extends ConfigException {

    private final String key;
    private final String problem;

    TlsProblem(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    String key() {
        return key;
    }

    String problem() {
        return problem;
    }

    /** As {@link HttpGatewayConfig#crossKeyProblem} reports problems. */
    String[] asProblem() {
        return new String[]{key, problem};
    }
}
