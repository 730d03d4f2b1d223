package dev.kgate.http.ws;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryParametersTest {

    /** Fuzz finding: {@code clientId=%01} was trimmed to an empty client id and accepted. */
    @Test
    void aValueOfOnlyControlCharactersOrSpacesIsMissing() {
        for (String blank : new String[]{"\u0001", "\u0000\u001f", " \t", "\u2003", "\u0001\u2003 "}) {
            QueryParameters.Invalid refused = assertThrows(QueryParameters.Invalid.class,
                    () -> InSocketParameters.parse(Queries.of("clientId", blank, "topic", "t")), blank);
            assertTrue(refused.getMessage().contains("missing required query parameter 'clientId'"),
                    refused.getMessage());
        }
    }

    @Test
    void valuesLoseSurroundingControlCharactersAndWhitespace() throws Exception {
        InSocketParameters parsed = InSocketParameters.parse(Queries.of("clientId", "\u0001 app-1\u2003\t",
                "topic", " t "));
        assertEquals("app-1", parsed.clientId());
        assertEquals("t", parsed.topic());
    }
}
