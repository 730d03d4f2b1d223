package dev.kgate.http.cloudevents;

import java.util.Locale;

/** What a {@code datacontenttype} says about the data. */
final class MediaTypes {

    private MediaTypes() {
    }

    /**
     * Whether data of this type is JSON, as the CloudEvents JSON format decides it: {@code application/json},
     * {@code text/json} or any {@code +json} type, parameters aside. Null (no type) is not JSON here: a structured
     * event implies {@code application/json} itself before asking.
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
    }
}
