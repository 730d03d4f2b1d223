package dev.kgate.http.access;

/**
 * A topic or group name, or a glob where {@code *} stands for any run of characters ({@code orders}, {@code orders-*},
 * {@code *}). Globs rather than regular expressions: an operator reads them at a glance, and matching one costs time
 * linear in the name, whatever the pattern.
 */
public final class NamePattern {

    private final String pattern;
    private final String[] literals;

    private NamePattern(String pattern) {
        this.pattern = pattern;
        this.literals = pattern.split("\\*", -1);
    }

    /** @throws IllegalArgumentException when the pattern is empty */
    public static NamePattern of(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("an empty name pattern");
        }
        return new NamePattern(pattern);
    }

    public boolean matches(String name) {
        if (literals.length == 1) {
            return pattern.equals(name);
        }
        String first = literals[0];
        String last = literals[literals.length - 1];
        if (name.length() < first.length() + last.length() || !name.startsWith(first) || !name.endsWith(last)) {
            return false;
        }
        // Each middle literal at its leftmost place after the previous one: greedy is exact for '*'-only globs.
        int from = first.length();
        int end = name.length() - last.length();
        for (int i = 1; i < literals.length - 1; i++) {
            int at = name.indexOf(literals[i], from);
            if (at < 0 || at + literals[i].length() > end) {
                return false;
            }
            from = at + literals[i].length();
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
