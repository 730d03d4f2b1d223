package dev.kgate.http.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.auth.Credential;
import dev.kgate.http.auth.TokenService;
import dev.kgate.http.auth.UserStore;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.pipeline.CorsPolicy;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.out.TopicReaders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The two documents as the listener serves them, and a gateway with every route on, to hold one against the other. */
public final class ApiDocuments {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The OpenAPI operations a path item may hold. */
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private ApiDocuments() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = ApiDocumentRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode openApi() {
        return parse(ApiDocumentRoutes.OPENAPI_RESOURCE);
    }

    public static JsonNode asyncApi() {
        return parse(ApiDocumentRoutes.ASYNCAPI_RESOURCE);
    }

    private static JsonNode parse(String resource) {
        try {
            return JSON.readTree(new String(bytes(resource), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation the OpenAPI document describes, as {@code "GET /healthcheck"}. */
    static Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi().get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(field -> {
                if (METHODS.contains(field)) {
                    operations.add(field.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    /**
     * A gateway with users and the console on, so that every route is added (the login routes and the console's exist
     * only then).
     */
    public static Gateway everyRoute(CorsPolicy cors) {
        KafkaView kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null),
                new TopicExistence(kafka, true), new StationRules(List.of()), HeaderForwarding.none(), 1024, 10,
                30_000, 1);
        AuthSettings auth = new AuthSettings(new UserStore(Map.of("root", Credential.parse("memphis"))),
                new TokenService("api-documents-test-secret-0123456789".getBytes(StandardCharsets.UTF_8), "kgate"),
                Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofHours(5), Duration.ofDays(7), false);
        return Gateway.create(new GatewaySettings(ingest, auth, TestGateways.everyoneMay(false), kafka, 100,
                InSocketSettings.BytesOnly.NEITHER, new TopicPolicy(Set.of(), null), (parameters, credentials) -> {
                    throw new TopicReaders.Refusal(403, "no reading here");
                }).withCors(cors).withConsole(true), new TestGateways.AckingSink());
    }

    /** The routes {@link #everyRoute} really serves, as {@code "GET /healthcheck"}. */
    static Set<String> servedOperations() {
        Gateway gateway = everyRoute(CorsPolicy.NO_ORIGINS);
        try {
            Set<String> served = new TreeSet<>();
            gateway.routes().forEach(route -> served.add(route.method() + " " + route.template()));
            return served;
        } finally {
            gateway.close();
        }
    }
}
