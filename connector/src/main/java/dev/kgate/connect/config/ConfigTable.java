package dev.kgate.connect.config;

import org.apache.kafka.common.config.ConfigDef;

/** Renders a {@link ConfigDef} as the Markdown table of the README, so the docs come from the code. */
final class ConfigTable {

    private ConfigTable() {
    }

    static String markdown(ConfigDef def) {
        StringBuilder out = new StringBuilder();
        String group = null;
        for (ConfigDef.ConfigKey key : def.configKeys().values().stream()
                .sorted((a, b) -> {
                    int byGroup = Integer.compare(def.groups().indexOf(a.group), def.groups().indexOf(b.group));
                    return byGroup != 0 ? byGroup : Integer.compare(a.orderInGroup, b.orderInGroup);
                }).toList()) {
            if (!key.group.equals(group)) {
                group = key.group;
                out.append("\n#### ").append(group).append("\n\n")
                        .append("| key | type | default | valid values | description |\n")
                        .append("|---|---|---|---|---|\n");
            }
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultOf(key))
                    .append(" | ").append(key.validator == null ? "" : cell(key.validator.toString()))
                    .append(" | ").append(cell(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        return value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
