package dev.kgate.http.topic;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which topics clients may write to: an exact allow-list, a pattern, or both (a topic passes if either allows it).
 * Nothing is allowed unless configured.
 */
public final class TopicPolicy {

    private final Set<String> allowedNames;
    private final Pattern allowedPattern;

    public TopicPolicy(Set<String> allowedNames, Pattern allowedPattern) {
        this.allowedNames = Set.copyOf(allowedNames);
        this.allowedPattern = allowedPattern;
    }

    public boolean permits(String topic) {
        return allowedNames.contains(topic)
                || (allowedPattern != null && allowedPattern.matcher(topic).matches());
    }
}
