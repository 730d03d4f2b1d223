package dev.kgate.http.route;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The configured rules in order; the first whose pattern matches a topic applies to it. */
public final class StationRules {

    private static final int CACHE_MAX_ENTRIES = 10_000;

    private final List<StationRule> rules;
    private final Map<String, StationRule> byTopic = new ConcurrentHashMap<>();

    public StationRules(List<StationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The request headers rules take keys from ({@code header:<name>}): headers clients are expected to send. */
    public List<String> keyHeaders() {
        return rules.stream().map(StationRule::key).filter(KeySource.Header.class::isInstance)
                .map(key -> ((KeySource.Header) key).name()).toList();
    }

    public StationRule ruleFor(String topic) {
        StationRule cached = byTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        StationRule rule = firstMatch(topic);
        if (byTopic.size() < CACHE_MAX_ENTRIES) {
            byTopic.put(topic, rule);
        }
        return rule;
    }

    /** Without the cache: for names from requests not yet authenticated, which must not fill it with junk. */
    public StationRule firstMatch(String topic) {
        return rules.stream().filter(r -> r.matches(topic)).findFirst().orElse(StationRule.NONE);
    }

    /** @return the name of a rule whose values are structured (value mode json or struct), or null */
    public String structuredValueRule() {
        return rules.stream().filter(r -> r.values().structured()).map(StationRule::name).findFirst().orElse(null);
    }

    /** Whether some station takes requests on their signature alone. */
    public boolean anySignatureSuffices() {
        return rules.stream().anyMatch(StationRule::signatureSuffices);
    }
}
