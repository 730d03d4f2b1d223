package dev.kgate.http.route;

import dev.kgate.http.validate.JsonSchemaCheck;
import dev.kgate.http.webhook.WebhookSignature;

import java.util.regex.Pattern;

/**
 * What applies to the topics a pattern matches: a JSON Schema their JSON bodies must pass, where their key comes
 * from, and the signature every request to them must carry. Any may be null.
 */
public record StationRule(String name, Pattern topics, JsonSchemaCheck schema, KeySource key,
                          WebhookSignature signature) {

    public static final StationRule NONE = new StationRule("none", null, null, null, null);

    /** Without a signature. */
    public StationRule(String name, Pattern topics, JsonSchemaCheck schema, KeySource key) {
        this(name, topics, schema, key, null);
    }

    /** Whether a request with no other credentials gets in on its signature alone (as a webhook principal). */
    public boolean signatureSuffices() {
        return signature != null && signature.only();
    }

    public boolean matches(String topic) {
        return topics != null && topics.matcher(topic).matches();
    }
}
