package dev.kgate.connect.config;

import dev.kgate.http.route.KeySource;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.validate.JsonSchemaCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the per-station rules from {@code stations.rules=a,b} and, for each name,
 * {@code stations.rule.<name>.topics} (a pattern), {@code .schema} or {@code .schema.file} (a JSON Schema),
 * {@code .key} ({@code header:<name>}, {@code query:<name>} or {@code pointer:</json/pointer>}),
 * {@code .value*} (see {@link StationValuesParser}) and {@code .signature*} (see {@link SignatureParser}).
 */
final class StationRulesParser {

    static final String PREFIX = "stations.rule.";

    private StationRulesParser() {
    }

    static StationRules parse(List<String> names, Map<String, ?> originals) {
        List<StationRule> rules = new ArrayList<>();
        for (String name : names) {
            rules.add(parseRule(name, originals));
        }
        return new StationRules(rules);
    }

    private static StationRule parseRule(String name, Map<String, ?> originals) {
        String topics = string(originals, name, "topics");
        if (topics == null) {
            throw new IllegalArgumentException("rule '" + name + "' needs " + PREFIX + name + ".topics");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(topics);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("rule '" + name + "': " + PREFIX + name
                    + ".topics is not a valid regular expression: " + e.getDescription(), e);
        }
        String inline = string(originals, name, "schema");
        String file = string(originals, name, "schema.file");
        if (inline != null && file != null) {
            throw new IllegalArgumentException("rule '" + name + "': set " + PREFIX + name + ".schema or .schema.file,"
                    + " not both");
        }
        JsonSchemaCheck schema = null;
        try {
            if (file != null) {
                inline = Files.readString(Path.of(file));
            }
            if (inline != null) {
                schema = JsonSchemaCheck.compile(inline);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("rule '" + name + "': cannot read the schema file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + name + "': " + e.getMessage(), e);
        }
        String key = string(originals, name, "key");
        KeySource keySource;
        try {
            keySource = key == null ? null : KeySource.parse(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + name + "': " + PREFIX + name + ".key: " + e.getMessage(), e);
        }
        return new StationRule(name, pattern, schema, StationValuesParser.parse(name, originals, inline, keySource),
                keySource, SignatureParser.parse(name, originals));
    }

    /** @return the rule's key {@code stations.rule.<rule>.<suffix>}, or null when it is unset or blank */
    static String string(Map<String, ?> originals, String rule, String suffix) {
        Object value = originals.get(PREFIX + rule + "." + suffix);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
