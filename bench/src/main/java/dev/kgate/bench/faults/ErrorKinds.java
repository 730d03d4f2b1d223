package dev.kgate.bench.faults;

/** Names a refusal by what it tells the client, for the per-scenario error counts. */
final class ErrorKinds {

    private ErrorKinds() {
    }

    /** A REST answer other than 200. */
    static String of(int status, String body) {
        if (body.contains("Outcome unknown")) {
            return status + " outcome unknown";
        }
        if (status != 503) {
            return String.valueOf(status);
        }
        return "503 " + notWrittenReason(body);
    }

    /** A {@code /socket/in} error frame, by its {@code outcome} and its {@code error} text. */
    static String ofFrame(String outcome, String error) {
        return switch (outcome) {
            case "NOT_WRITTEN" -> "socket NOT_WRITTEN " + notWrittenReason(error);
            case "UNKNOWN" -> "socket UNKNOWN (outcome unknown)";
            default -> "socket " + outcome;
        };
    }

    /** Why a message was not written, in the words of a 503 body or a NOT_WRITTEN frame. */
    private static String notWrittenReason(String text) {
        if (text.contains("No task of this connector")) {
            return "no task on this worker";
        }
        if (text.contains("paused")) {
            return "paused";
        }
        if (text.contains("stopping") || text.contains("stopped")) {
            return "task stopping";
        }
        if (text.contains("full")) {
            return "queue full";
        }
        return "not written";
    }
}
