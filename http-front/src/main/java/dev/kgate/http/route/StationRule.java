package dev.kgate.http.route;

import dev.kgate.http.validate.JsonSchemaCheck;
import dev.kgate.http.webhook.WebhookSignature;

import java.util.regex.Pattern;

/**
 * What applies to the topics a pattern matches: a JSON Schema their JSON values must pass, what their values
 * become, where their key comes from, and the signature every request to them must carry. Schema, key and
 * signature may be null.
 */
public record StationRule(String name, Pattern topics, JsonSchemaCheck schema, StationValues values, KeySource key,
                          WebhookSignature signature) {

    public static final StationRule NONE = new StationRule("none", null, null, null);

    public StationRule {
        values = values == null ? StationValues.AS_SENT : values;
    }

    /** Values as sent, without a signature. */
    public StationRule(String name, Pattern topics, JsonSchemaCheck schema, KeySource key) {
        this(name, topics, schema, StationValues.AS_SENT, key, null);
    }

    /** Values as sent. */
    public StationRule(String name, Pattern topics, JsonSchemaCheck schema, KeySource key,
                       WebhookSignature signature) {
        this(name, topics, schema, StationValues.AS_SENT, key, signature);
    }

    /** Whether a request with no other credentials gets in on its signature alone (as a webhook principal). */
    public boolean signatureSuffices() {
        return signature != null && signature.only();
    }

    public boolean matches(String topic) {
        return topics != null && topics.matcher(topic).matches();
    }
}
