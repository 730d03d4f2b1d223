package dev.kgate.bench.faults;

/** Names a non-200 answer by what it tells the client, for the per-scenario error counts. */
final class ErrorKinds {

    private ErrorKinds() {
    }

    static String of(int status, String body) {
        if (body.contains("Outcome unknown")) {
            return status + " outcome unknown";
        }
        if (status != 503) {
            return String.valueOf(status);
        }
        if (body.contains("No task of this connector")) {
            return "503 no task on this worker";
        }
        if (body.contains("paused")) {
            return "503 paused";
        }
        if (body.contains("stopping") || body.contains("stopped")) {
            return "503 task stopping";
        }
        if (body.contains("full")) {
            return "503 queue full";
        }
        return "503 not written";
    }
}
