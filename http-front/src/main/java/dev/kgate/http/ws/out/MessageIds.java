package dev.kgate.http.ws.out;

/** Reads the {@code topic-partition-offset-timestamp} ids of {@code /socket/out}; topics may contain dashes. */
final class MessageIds {

    record Parsed(int partition, long offset) {
    }

    private MessageIds() {
    }

    /** @return the partition and offset, or null when the id is malformed or names another topic */
    static Parsed parse(String id, String topic) {
        if (!id.startsWith(topic + "-")) {
            return null;
        }
        String[] parts = id.substring(topic.length() + 1).split("-");
        if (parts.length != 3) {
            return null;
        }
        try {
            int partition = Integer.parseInt(parts[0]);
            long offset = Long.parseLong(parts[1]);
            Long.parseLong(parts[2]);
            return partition >= 0 && offset >= 0 ? new Parsed(partition, offset) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
