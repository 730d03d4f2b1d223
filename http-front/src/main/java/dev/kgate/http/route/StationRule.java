package dev.kgate.http.route;

import dev.kgate.http.validate.JsonSchemaCheck;

import java.util.regex.Pattern;

/**
 * What applies to the topics a pattern matches: a JSON Schema their JSON bodies must pass, and where their key comes
 * from. Either may be null.
 */
public record StationRule(String name, Pattern topics, JsonSchemaCheck schema, KeySource key) {

    public static final StationRule NONE = new StationRule("none", null, null, null);

    public boolean matches(String topic) {
        return topics != null && topics.matcher(topic).matches();
    }
}
