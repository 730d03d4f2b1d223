package dev.kgate.http.cloudevents;

/** Why a request does not carry a CloudEvent the gateway writes, in words fit for its client. */
public final class InvalidCloudEventException extends Exception {

    InvalidCloudEventException(String reason) {
        super(reason, null, false, false);
    }
}
