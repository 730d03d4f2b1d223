package dev.kgate.http.ws.out;

/**
 * Reads the {@code <topic>-<partition>-<offset>-<timestamp>} ids of {@code /socket/out}. Topics may contain dashes
 * and a record without a timestamp has {@code -1} ({@code t-0-5--1}), so an id is read from the right: the
 * timestamp (a sign allowed), the offset and the partition (digits only), and what is left is the topic.
 */
final class MessageIds {

    static final String SHAPE = "<topic>-<partition>-<offset>-<timestamp>";
    private static final int MAX_ECHOED = 100;

    record Parsed(int partition, long offset) {
    }

    /** An id taken apart, or why it cannot be. */
    private record Reading(String topic, int partition, long offset, String problem) {
        static Reading refused(String problem) {
            return new Reading(null, -1, -1, problem);
        }
    }

    private MessageIds() {
    }

    /** @return the partition and offset, or null when the id is malformed or names another topic */
    static Parsed parse(String id, String topic) {
        Reading reading = read(id);
        return reading.problem == null && reading.topic.equals(topic)
                ? new Parsed(reading.partition, reading.offset) : null;
    }

    /** @return why {@link #parse} refused the id, for the client's error frame */
    static String refusal(String id, String topic) {
        Reading reading = read(id);
        String echoed = id.length() > MAX_ECHOED ? id.substring(0, MAX_ECHOED) + "..." : id;
        if (reading.problem != null) {
            return "Malformed wsProxyMessageId '" + echoed + "': " + reading.problem;
        }
        return "Unknown wsProxyMessageId '" + echoed + "': not a record of topic '" + topic + "'";
    }

    private static Reading read(String id) {
        int timestampStart = id.lastIndexOf('-') + 1;
        if (timestampStart == 0) {
            return Reading.refused("expected " + SHAPE);
        }
        int offsetEnd = timestampStart - 1;
        if (offsetEnd > 0 && id.charAt(offsetEnd - 1) == '-') {
            // A negative timestamp: the dash read first is its sign.
            timestampStart--;
            offsetEnd--;
        }
        int partitionEnd = id.lastIndexOf('-', offsetEnd - 1);
        int topicEnd = partitionEnd < 0 ? -1 : id.lastIndexOf('-', partitionEnd - 1);
        if (topicEnd < 0) {
            return Reading.refused("expected " + SHAPE);
        }
        long partition = number(id, topicEnd + 1, partitionEnd, Integer.MAX_VALUE);
        if (partition < 0) {
            return Reading.refused("the partition is not a whole number from 0 to " + Integer.MAX_VALUE);
        }
        long offset = number(id, partitionEnd + 1, offsetEnd, Long.MAX_VALUE);
        if (offset < 0) {
            return Reading.refused("the offset is not a whole number from 0 to " + Long.MAX_VALUE);
        }
        if (!isTimestamp(id, timestampStart)) {
            return Reading.refused("the timestamp is not a whole number of milliseconds (-1 when the record has"
                    + " none)");
        }
        return new Reading(id.substring(0, topicEnd), (int) partition, offset, null);
    }

    private static boolean isTimestamp(String id, int start) {
        boolean negative = start < id.length() && id.charAt(start) == '-';
        int digits = negative ? start + 1 : start;
        return number(id, digits, id.length(), Long.MAX_VALUE) >= 0
                || negative && id.substring(digits).equals("9223372036854775808");
    }

    /** @return the ASCII digits from {@code start} to {@code end} as a number up to {@code max}, or -1 */
    private static long number(String id, int start, int end, long max) {
        if (start >= end || end - start > 19) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            if (value > (max - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
