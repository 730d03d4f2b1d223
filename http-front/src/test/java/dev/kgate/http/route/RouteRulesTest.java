package dev.kgate.http.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.validate.JsonSchemaCheck;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keySourcesParseTheirThreeForms() {
        assertInstanceOf(KeySource.Header.class, KeySource.parse("header:X-Key"));
        assertInstanceOf(KeySource.Query.class, KeySource.parse("query:key"));
        assertInstanceOf(KeySource.Pointer.class, KeySource.parse("pointer:/a/b"));
        for (String bad : new String[]{"header:", "cookie:x", "pointer:no-slash", "plain"}) {
            assertThrows(IllegalArgumentException.class, () -> KeySource.parse(bad), bad);
        }
    }

    @Test
    void aPointerGivesTextAsTextAndAnythingElseAsJson() throws Exception {
        KeySource pointer = KeySource.parse("pointer:/customer");
        assertEquals("c-1", new String(pointer.keyOf(null, JSON.readTree("{\"customer\":\"c-1\"}")),
                StandardCharsets.UTF_8));
        assertEquals("{\"id\":7}", new String(pointer.keyOf(null, JSON.readTree("{\"customer\":{\"id\":7}}")),
                StandardCharsets.UTF_8));
        assertNull(pointer.keyOf(null, JSON.readTree("{}")));
        assertNull(pointer.keyOf(null, JSON.readTree("{\"customer\":null}")));
    }

    @Test
    void theFirstMatchingRuleApplies() {
        StationRule orders = new StationRule("orders", Pattern.compile("orders.*"), null, null);
        StationRule all = new StationRule("all", Pattern.compile(".*"), null, null);
        StationRules rules = new StationRules(List.of(orders, all));
        assertSame(orders, rules.ruleFor("orders-eu"));
        assertSame(all, rules.ruleFor("payments"));
        assertSame(StationRule.NONE, new StationRules(List.of(orders)).ruleFor("payments"));
    }

    @Test
    void credentialsAndHopByHopHeadersNeverForwardWhateverTheConfig() {
        HeaderForwarding forwarding = new HeaderForwarding(Set.of("Authorization", "Cookie", "X-Request-Id",
                "Connection"), List.of("X-Event-", "X-"), null);
        assertTrue(forwarding.forwards("x-request-id"));
        assertTrue(forwarding.forwards("X-EVENT-TYPE"));
        for (String never : new String[]{"Authorization", "cookie", "Connection", "X-Kafka-Auth",
                "Proxy-Authorization", "Transfer-Encoding"}) {
            assertFalse(forwarding.forwards(never), never);
        }
        assertFalse(HeaderForwarding.none().forwards("X-Request-Id"));
    }

    @Test
    void schemasOfEveryDraftCompileAndNameWhatFailed() throws Exception {
        String[] dialects = {"http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
                "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
                "https://json-schema.org/draft/2020-12/schema"};
        for (String dialect : dialects) {
            JsonSchemaCheck check = JsonSchemaCheck.compile("{\"$schema\":\"" + dialect + "\",\"type\":\"object\","
                    + "\"required\":[\"field1\"],\"properties\":{\"n\":{\"type\":\"integer\"}}}");
            assertNull(check.violations(JSON.readTree("{\"field1\":1,\"n\":2}")), dialect);
            String violations = check.violations(JSON.readTree("{\"n\":\"two\"}"));
            assertNotNull(violations, dialect);
            assertTrue(violations.contains("field1") && violations.contains("n"), dialect + ": " + violations);
        }
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaCheck.compile("{\"type\": 12}"));
        assertThrows(IllegalArgumentException.class, () -> JsonSchemaCheck.compile("not json"));
    }
}
