package dev.kgate.http.topic;

/** Kafka's own topic naming rules (those of {@code org.apache.kafka.common.internals.Topic}), without its jar. */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** @return why the name is not a legal Kafka topic name, or null when it is */
    public static String invalidReason(String name) {
        if (name == null || name.isEmpty()) {
            return "the topic name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "the topic name cannot be '.' or '..'";
        }
        if (name.length() > MAX_LENGTH) {
            return "the topic name is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return "the topic name may contain only ASCII letters, digits, '.', '_' and '-'";
            }
        }
        return null;
    }
}
