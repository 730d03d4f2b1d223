package dev.kgate.connect.config;

import dev.kgate.connect.HttpGatewaySourceConnector;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.webhook.SignatureStyle;
import dev.kgate.http.webhook.WebhookSignature;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signature keys of a station rule: defaults, and a config/validate error naming the rule and the key for each
 * mistake, never showing a secret.
 */
class WebhookConfigTest {

    private static final String SECRET = "a-github-webhook-secret-xyz";
    private static final String RULE = "stations.rule.github.";

    /** Users off, no grants, no API key, no anonymous access: a gateway for one webhook and nothing else. */
    private static Map<String, String> webhookOnly() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "g");
        props.put("connector.class", HttpGatewaySourceConnector.class.getName());
        props.put("errors.tolerance", "all");
        props.put("topics.allowed", "github-events");
        props.put("auth.enabled", "false");
        props.put("kafka.bootstrap.servers", "localhost:9092");
        props.put("stations.rules", "github");
        props.put(RULE + "topics", "github-events");
        props.put(RULE + "signature", "github");
        props.put(RULE + "signature.secret", SECRET);
        props.put(RULE + "signature.only", "true");
        return props;
    }

    private static List<ConfigValue> validate(Map<String, String> props) {
        return new HttpGatewaySourceConnector().validate(props).configValues();
    }

    private static List<String> errors(Map<String, String> props) {
        return validate(props).stream().flatMap(value -> value.errorMessages().stream()).toList();
    }

    private static StationRule rule(Map<String, String> props) {
        return new HttpGatewayConfig(props).stationRules().ruleFor("github-events");
    }

    @Test
    void aGitHubRuleWithDefaults() {
        Map<String, String> props = webhookOnly();
        props.remove(RULE + "signature.only");
        WebhookSignature signature = rule(props).signature();
        assertEquals(SignatureStyle.GITHUB, signature.style());
        assertEquals("X-Hub-Signature-256", signature.header());
        assertEquals(300, signature.toleranceSeconds());
        assertFalse(signature.only());
        assertFalse(rule(props).signatureSuffices());
    }

    @Test
    void aTimestampedRuleWithEveryKey() {
        Map<String, String> props = webhookOnly();
        props.put(RULE + "signature", "Timestamped");
        props.put(RULE + "signature.header", "X-Signature");
        props.put(RULE + "signature.tolerance.seconds", "60");
        props.put(RULE + "signature.secret", SECRET + ", another-secret-being-rotated");
        WebhookSignature signature = rule(props).signature();
        assertEquals(SignatureStyle.TIMESTAMPED, signature.style());
        assertEquals("X-Signature", signature.header());
        assertEquals(60, signature.toleranceSeconds());
        assertTrue(rule(props).signatureSuffices());
        assertEquals("Stripe-Signature", SignatureStyle.TIMESTAMPED.defaultHeader());
    }

    @Test
    void aRuleWithoutSignatureKeysHasNone() {
        Map<String, String> props = webhookOnly();
        props.keySet().removeIf(key -> key.startsWith(RULE + "signature"));
        assertNull(rule(props).signature());
    }

    @Test
    void aGatewayForWebhooksAloneNeedsNoUserKeyNorGrant() {
        assertEquals(List.of(), errors(webhookOnly()));
        // Without the signature alone letting anyone in, nobody could get in: still an error.
        Map<String, String> props = webhookOnly();
        props.put(RULE + "signature.only", "false");
        assertFalse(errors(props).isEmpty());
    }

    @Test
    void eachMistakeIsAnErrorNamingTheRuleAndKeyNeverTheSecret() {
        Map<String, String> mistakes = new HashMap<>();
        mistakes.put(RULE + "signature", "sha1");
        mistakes.put(RULE + "signature.secret", "");
        mistakes.put(RULE + "signature.header", "X Signature");
        mistakes.put(RULE + "signature.tolerance.seconds", "0");
        mistakes.put(RULE + "signature.only", "yes");
        mistakes.put(RULE + "signature.secrets", SECRET);
        for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
            Map<String, String> props = webhookOnly();
            props.put(mistake.getKey(), mistake.getValue());
            assertError(props, mistake.getKey());
        }
        for (String tolerance : List.of("-1", "abc", "1.5", "86401")) {
            Map<String, String> props = webhookOnly();
            props.put(RULE + "signature.tolerance.seconds", tolerance);
            assertError(props, RULE + "signature.tolerance.seconds");
        }
        for (String header : List.of("Authorization", "cookie", "X-Sig:nature", "X-Sig\u00e4")) {
            Map<String, String> props = webhookOnly();
            props.put(RULE + "signature.header", header);
            assertError(props, RULE + "signature.header");
        }
    }

    @Test
    void secretsMustBeLongEnoughAndNoneEmpty() {
        for (String secrets : List.of("short-secret", SECRET + ",", SECRET + ",,other-secret-of-length",
                SECRET + ",tiny")) {
            Map<String, String> props = webhookOnly();
            props.put(RULE + "signature.secret", secrets);
            String error = assertError(props, RULE + "signature.secret");
            for (String secret : secrets.split(",")) {
                if (!secret.isEmpty()) {
                    assertFalse(error.contains(secret), error);
                }
            }
        }
        Map<String, String> props = webhookOnly();
        props.remove(RULE + "signature.secret");
        assertError(props, RULE + "signature.secret");
    }

    @Test
    void signatureKeysWithoutAStyleAreAnError() {
        for (String key : List.of("signature.secret", "signature.only", "signature.header")) {
            Map<String, String> props = webhookOnly();
            props.remove(RULE + "signature");
            props.put("auth.enabled", "true");
            props.put("auth.users", "root:memphis");
            props.put("auth.jwt.secret", "0123456789abcdef0123456789abcdef");
            props.put("access.grants", "root=write:*");
            props.keySet().removeIf(k -> k.startsWith(RULE + "signature.") && !k.equals(RULE + key));
            props.putIfAbsent(RULE + key, "X-Sig");
            String error = assertError(props, RULE + key);
            assertTrue(error.contains(RULE + "signature "), error);
        }
    }

    @Test
    void theSecretIsNowhereInWhatValidateAnswers() {
        Map<String, String> props = webhookOnly();
        props.put(RULE + "signature.tolerance.seconds", "0");
        String answer = validate(props).toString();
        assertTrue(answer.contains("tolerance"), answer);
        assertFalse(answer.contains(SECRET), answer);
    }

    /** @return the one error, on stations.rules, which names the rule and the key */
    private static String assertError(Map<String, String> props, String key) {
        List<String> errors = validate(props).stream().filter(v -> v.name().equals("stations.rules"))
                .findFirst().orElseThrow().errorMessages();
        assertEquals(1, errors.size(), key + ": " + errors);
        String error = errors.get(0);
        assertTrue(error.contains("rule 'github'") && error.contains(key), error);
        assertFalse(error.contains(SECRET), error);
        return error;
    }
}
