package dev.kgate.connect.config;

import dev.kgate.http.GatewaySettings;
import dev.kgate.http.access.AccessSettings;
import dev.kgate.http.auth.AuthSettings;
import dev.kgate.http.auth.Credential;
import dev.kgate.http.auth.LoginLimits;
import dev.kgate.http.auth.TokenService;
import dev.kgate.http.auth.UserStore;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.RecordSizeLimit;
import dev.kgate.http.listener.ListenerLimits;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.pipeline.CorsPolicy;
import dev.kgate.http.idempotency.IdempotencyKeys;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.wire.SocketTimeouts;
import dev.kgate.http.topic.TopicPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Every setting of the connector, grouped by concern. {@link #main} prints them as the README's table. */
public class HttpGatewayConfig extends AbstractConfig {

    public static final String LISTENER_GROUP = "HTTP listener";
    public static final String CORS_GROUP = "Browsers: CORS and Origin";
    public static final String TOPICS_GROUP = "Topics";
    public static final String QUEUE_GROUP = "Queue and batches";
    public static final String ACK_GROUP = "Acknowledgement";
    public static final String AUTH_GROUP = "Authentication";
    public static final String STATIONS_GROUP = "Stations: schemas and keys";
    public static final String HEADERS_GROUP = "Record headers";
    public static final String KAFKA_GROUP = "Kafka connection";
    public static final String OUT_GROUP = "WebSocket consumers (/socket/out)";
    public static final String WEBSOCKET_GROUP = "WebSocket";

    /** Every key under this prefix, stripped of it, configures the gateway's own Kafka clients (Admin). */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final String KAFKA_BOOTSTRAP_SERVERS_CONFIG = KAFKA_PREFIX + "bootstrap.servers";
    private static final String KAFKA_BOOTSTRAP_SERVERS_DOC = "The Kafka cluster the gateway's own Admin client"
            + " talks to, to check that topics exist and to answer /kafka/cluster/info: the same cluster the worker"
            + " produces to. A connector cannot see the worker's settings, so they are repeated here. Every other"
            + " kafka.* key (kafka.security.protocol, kafka.sasl.*, kafka.ssl.*, ...) is passed to that client"
            + " without the prefix.";
    private static final String KAFKA_BOOTSTRAP_SERVERS_DISPLAY = "Bootstrap servers";

    public static final String KAFKA_SECURITY_PROTOCOL_CONFIG = KAFKA_PREFIX + "security.protocol";
    private static final String KAFKA_SECURITY_PROTOCOL_DOC = "Security protocol of the gateway's Kafka clients.";
    private static final String KAFKA_SECURITY_PROTOCOL_DISPLAY = "Security protocol";

    public static final String KAFKA_SASL_MECHANISM_CONFIG = KAFKA_PREFIX + "sasl.mechanism";
    private static final String KAFKA_SASL_MECHANISM_DOC = "SASL mechanism of the gateway's Kafka clients, when"
            + " the security protocol is SASL_*.";
    private static final String KAFKA_SASL_MECHANISM_DISPLAY = "SASL mechanism";

    public static final String KAFKA_SASL_JAAS_CONFIG = KAFKA_PREFIX + "sasl.jaas.config";
    private static final String KAFKA_SASL_JAAS_DOC = "JAAS login of the gateway's Kafka clients (a secret: use a"
            + " config provider such as ${file:...}).";
    private static final String KAFKA_SASL_JAAS_DISPLAY = "SASL JAAS config";

    public static final String KAFKA_SSL_TRUSTSTORE_LOCATION_CONFIG = KAFKA_PREFIX + "ssl.truststore.location";
    private static final String KAFKA_SSL_TRUSTSTORE_LOCATION_DOC = "Trust store of the gateway's Kafka clients,"
            + " for SSL and SASL_SSL.";
    private static final String KAFKA_SSL_TRUSTSTORE_LOCATION_DISPLAY = "Trust store";

    public static final String KAFKA_SSL_TRUSTSTORE_PASSWORD_CONFIG = KAFKA_PREFIX + "ssl.truststore.password";
    private static final String KAFKA_SSL_TRUSTSTORE_PASSWORD_DOC = "Password of that trust store.";
    private static final String KAFKA_SSL_TRUSTSTORE_PASSWORD_DISPLAY = "Trust store password";

    public static final String TOPICS_MUST_EXIST_CONFIG = "topics.must.exist";
    private static final String TOPICS_MUST_EXIST_DOC = "Refuse messages and sockets for a topic the cluster does not"
            + " have (404), checked with the Admin client and cached. Without the check, Connect's producer waits"
            + " for a missing topic without limit and the task stalls. Set false only where Connect's"
            + " topic.creation.* settings or the broker create topics on first write; even then only principals"
            + " granted create on a topic (access.grants) may write to it while it is missing.";
    private static final String TOPICS_MUST_EXIST_DISPLAY = "Topics must exist";

    public static final String OUT_TOPICS_ALLOWED_CONFIG = "out.topics.allowed";
    private static final String OUT_TOPICS_ALLOWED_DOC = "Topics clients may read through /socket/out. None by"
            + " default: reading is opened explicitly, apart from writing. Another topic gets 403 before the upgrade.";
    private static final String OUT_TOPICS_ALLOWED_DISPLAY = "Readable topics";

    public static final String OUT_TOPICS_ALLOWED_REGEX_CONFIG = "out.topics.allowed.regex";
    private static final String OUT_TOPICS_ALLOWED_REGEX_DOC = "Java regular expression for further topics clients may"
            + " read through /socket/out; it must match the whole name.";
    private static final String OUT_TOPICS_ALLOWED_REGEX_DISPLAY = "Readable topics pattern";

    public static final String OUT_MAX_SOCKETS_CONFIG = "out.max.sockets";
    private static final String OUT_MAX_SOCKETS_DOC = "/socket/out sockets one worker may hold, of all its tasks"
            + " of this plugin together (each socket holds a Kafka consumer); beyond, an upgrade gets 503 with"
            + " Retry-After. Readers are opened on a few threads of the gateway's own, so a slow Kafka never stalls"
            + " the listener.";
    private static final String OUT_MAX_SOCKETS_DISPLAY = "Sockets per worker";

    public static final String OUT_READER_THREADS_CONFIG = "out.reader.threads";
    private static final String OUT_READER_THREADS_DOC = "Threads that read Kafka for every /socket/out socket of"
            + " one worker, of all connectors of this plugin together (the largest value among them applies): each"
            + " polls many consumers in turn without blocking, so sockets cost no thread of the gateway's own. Kafka's"
            + " consumer still runs one thread of its own per socket (its group heartbeat).";
    public static final int OUT_READER_THREADS_DEFAULT = 4;
    private static final String OUT_READER_THREADS_DISPLAY = "Reader threads per worker";

    public static final String IN_MAX_SOCKETS_CONFIG = "in.max.sockets";
    private static final String IN_MAX_SOCKETS_DOC = "/socket/in sockets one worker may hold, of all its tasks of this"
            + " plugin together; beyond, an upgrade gets 503 with Retry-After. An idle socket holds no buffer and no"
            + " thread: about 3 KiB of heap and 5 KiB of RSS each, measured at 10,000 (bench/sockets).";
    private static final String IN_MAX_SOCKETS_DISPLAY = "Sockets per worker";

    public static final String WEBSOCKET_MAX_IN_FLIGHT_CONFIG = "websocket.max.in.flight";
    private static final String WEBSOCKET_MAX_IN_FLIGHT_DOC = "Messages one /socket/in socket may have in flight"
            + " (sent, not yet answered). When reached, the server stops reading from that socket until"
            + " acknowledgements free room, so a fast client is slowed by TCP instead of filling memory.";
    public static final int WEBSOCKET_MAX_IN_FLIGHT_DEFAULT = 1_000;
    private static final String WEBSOCKET_MAX_IN_FLIGHT_DISPLAY = "Messages in flight per socket";

    public static final String WEBSOCKET_PING_INTERVAL_MS_CONFIG = "websocket.ping.interval.ms";
    private static final String WEBSOCKET_PING_INTERVAL_MS_DOC = "After this long without a byte from a client, the"
            + " server pings its socket (/socket/in and /socket/out); a live client answers with a pong. Must be"
            + " shorter than websocket.idle.timeout.ms.";
    public static final long WEBSOCKET_PING_INTERVAL_MS_DEFAULT = SocketTimeouts.DEFAULTS.pingIntervalMs();
    private static final String WEBSOCKET_PING_INTERVAL_MS_DISPLAY = "Ping interval (ms)";

    public static final String WEBSOCKET_IDLE_TIMEOUT_MS_CONFIG = "websocket.idle.timeout.ms";
    private static final String WEBSOCKET_IDLE_TIMEOUT_MS_DOC = "A socket from which nothing at all (not even a"
            + " pong) arrives for this long is closed with 1001 (going away), so half-open and vanished clients do"
            + " not hold a connection. A client that takes none of the server's frames for this long is disconnected."
            + " Time during which the server itself stopped reading (a full queue or window) does not count.";
    public static final long WEBSOCKET_IDLE_TIMEOUT_MS_DEFAULT = SocketTimeouts.DEFAULTS.idleTimeoutMs();
    private static final String WEBSOCKET_IDLE_TIMEOUT_MS_DISPLAY = "Idle timeout (ms)";

    public static final String WEBSOCKET_MESSAGE_TIMEOUT_MS_CONFIG = "websocket.message.timeout.ms";
    private static final String WEBSOCKET_MESSAGE_TIMEOUT_MS_DOC = "A message whose first byte (or first fragment)"
            + " arrived must be complete within this time, or the socket is closed with 1008 (policy violation), so"
            + " a slow or stalled sender cannot hold a partial message and its memory.";
    public static final long WEBSOCKET_MESSAGE_TIMEOUT_MS_DEFAULT = SocketTimeouts.DEFAULTS.messageTimeoutMs();
    private static final String WEBSOCKET_MESSAGE_TIMEOUT_MS_DISPLAY = "Message timeout (ms)";

    public static final String HTTP_PORT_CONFIG = "http.port";
    private static final String HTTP_PORT_DOC = "Port of the HTTP listener. Every task of this connector on one worker"
            + " shares it: the first task binds it, the others join, the last to stop closes it.";
    public static final int HTTP_PORT_DEFAULT = 4444;
    private static final String HTTP_PORT_DISPLAY = "Port";

    public static final String HTTP_BIND_ADDRESS_CONFIG = "http.bind.address";
    private static final String HTTP_BIND_ADDRESS_DOC = "Address the listener binds to; 0.0.0.0 for every interface.";
    public static final String HTTP_BIND_ADDRESS_DEFAULT = "0.0.0.0";
    private static final String HTTP_BIND_ADDRESS_DISPLAY = "Bind address";

    public static final String HTTP_IO_THREADS_CONFIG = "http.io.threads";
    private static final String HTTP_IO_THREADS_DOC = "Undertow I/O threads of the listener; 0 means one per CPU core."
            + " They never block, so more threads than cores do not help.";
    public static final int HTTP_IO_THREADS_DEFAULT = 0;
    private static final String HTTP_IO_THREADS_DISPLAY = "I/O threads";

    public static final String HTTP_MAX_BODY_BYTES_CONFIG = "http.max.body.bytes";
    private static final String HTTP_MAX_BODY_BYTES_DOC = "Largest request body accepted, counted once"
            + " decompressed (a gzip body is inflated no further than this); larger ones get 413.";
    public static final int HTTP_MAX_BODY_BYTES_DEFAULT = 4 * 1024 * 1024;
    private static final String HTTP_MAX_BODY_BYTES_DISPLAY = "Maximum body size (bytes)";

    public static final String HTTP_MAX_INPUT_BYTES_CONFIG = "http.max.input.bytes";
    private static final String HTTP_MAX_INPUT_BYTES_DOC = "Bytes of unfinished input the listener holds across all"
            + " its connections: request bodies being read and WebSocket messages being assembled. Memory is taken"
            + " as bytes arrive, never for a size a client announces; past this bound new input is refused (413 or"
            + " 503 with Retry-After, or close code 1013 (try again later) on a socket) instead of growing the heap.";
    public static final long HTTP_MAX_INPUT_BYTES_DEFAULT = ListenerLimits.DEFAULTS.maxInputBytes();
    private static final String HTTP_MAX_INPUT_BYTES_DISPLAY = "Maximum unfinished input (bytes)";

    public static final String HTTP_IDLE_TIMEOUT_MS_CONFIG = "http.idle.timeout.ms";
    private static final String HTTP_IDLE_TIMEOUT_MS_DOC = "An HTTP connection with no bytes moving for this long"
            + " is closed (keep-alive connections between requests, and stalled uploads).";
    public static final long HTTP_IDLE_TIMEOUT_MS_DEFAULT = ListenerLimits.DEFAULTS.idleTimeoutMs();
    private static final String HTTP_IDLE_TIMEOUT_MS_DISPLAY = "Idle timeout (ms)";

    public static final String HTTP_ACCESS_LOG_CONFIG = "http.access.log.enabled";
    private static final String HTTP_ACCESS_LOG_DOC = "One line per request on the logger dev.kgate.access (at INFO):"
            + " client address, method, path, status, route, principal, bytes in and out, milliseconds and the request"
            + " id (X-Request-Id, echoed in every answer). Never credentials, query strings or payloads.";
    private static final String HTTP_ACCESS_LOG_DISPLAY = "Access log";

    public static final String HTTP_CONSOLE_ENABLED_CONFIG = "http.console.enabled";
    private static final String HTTP_CONSOLE_ENABLED_DOC = "Serve the console, a page to try the gateway from a"
            + " browser, at /console/ (404 when off): log in, post to a station, watch a topic over /socket/out. It"
            + " calls the API from the listener's own origin, which is then let in besides http.cors.allowed.origins;"
            + " behind a proxy that terminates TLS or rewrites Host, list the page's public origin there.";
    private static final String HTTP_CONSOLE_ENABLED_DISPLAY = "Console page";

    public static final String HTTP_REQUEST_TIMEOUT_MS_CONFIG = "http.request.timeout.ms";
    private static final String HTTP_REQUEST_TIMEOUT_MS_DOC = "A request's headers and body must arrive within this"
            + " time; a client sending slower is answered 408 and disconnected, so slow uploads cannot hold"
            + " connections and memory.";
    public static final long HTTP_REQUEST_TIMEOUT_MS_DEFAULT = ListenerLimits.DEFAULTS.requestTimeoutMs();
    private static final String HTTP_REQUEST_TIMEOUT_MS_DISPLAY = "Request timeout (ms)";

    public static final String HTTP_CORS_ALLOWED_ORIGINS_CONFIG = "http.cors.allowed.origins";
    private static final String HTTP_CORS_ALLOWED_ORIGINS_DOC = "Origins (scheme://host[:port], as browsers send"
            + " them) whose pages may call the gateway, by CORS requests and WebSocket upgrades. A request carrying"
            + " any other Origin is refused 403 before authentication, so a page on another site cannot spend the"
            + " credentials a browser holds; with none listed, every request carrying an Origin is refused. Requests"
            + " without Origin (curl, services, webhooks) are unaffected. * allows every origin, and cannot be"
            + " combined with http.cors.allow.credentials.";
    private static final String HTTP_CORS_ALLOWED_ORIGINS_DISPLAY = "Allowed origins";

    public static final String HTTP_CORS_ALLOWED_METHODS_CONFIG = "http.cors.allowed.methods";
    private static final String HTTP_CORS_ALLOWED_METHODS_DOC = "Methods a preflight may ask for.";
    public static final List<String> HTTP_CORS_ALLOWED_METHODS_DEFAULT = CorsPolicy.DEFAULT_METHODS;
    private static final String HTTP_CORS_ALLOWED_METHODS_DISPLAY = "Allowed methods";

    public static final String HTTP_CORS_ALLOWED_HEADERS_CONFIG = "http.cors.allowed.headers";
    private static final String HTTP_CORS_ALLOWED_HEADERS_DOC = "Request headers a page may send (a preflight"
            + " asking for another is refused). The names in headers.forward, the header:<name> key sources of"
            + " station rules and auth.api.key.header are allowed as well; headers forwarded by prefix must be"
            + " listed here.";
    public static final List<String> HTTP_CORS_ALLOWED_HEADERS_DEFAULT = CorsPolicy.DEFAULT_ALLOWED_HEADERS;
    private static final String HTTP_CORS_ALLOWED_HEADERS_DISPLAY = "Allowed request headers";

    public static final String HTTP_CORS_EXPOSED_HEADERS_CONFIG = "http.cors.exposed.headers";
    private static final String HTTP_CORS_EXPOSED_HEADERS_DOC = "Response headers a page's script may read, beyond"
            + " the ones every page may (Content-Type, ...).";
    public static final List<String> HTTP_CORS_EXPOSED_HEADERS_DEFAULT = CorsPolicy.DEFAULT_EXPOSED_HEADERS;
    private static final String HTTP_CORS_EXPOSED_HEADERS_DISPLAY = "Exposed response headers";

    public static final String HTTP_CORS_MAX_AGE_SECONDS_CONFIG = "http.cors.max.age.seconds";
    private static final String HTTP_CORS_MAX_AGE_SECONDS_DOC = "How long a browser may reuse a preflight's answer"
            + " (browsers cap it; Chrome at 7200).";
    public static final int HTTP_CORS_MAX_AGE_SECONDS_DEFAULT = CorsPolicy.DEFAULT_MAX_AGE_SECONDS;
    private static final String HTTP_CORS_MAX_AGE_SECONDS_DISPLAY = "Preflight max age (s)";

    public static final String HTTP_CORS_ALLOW_CREDENTIALS_CONFIG = "http.cors.allow.credentials";
    private static final String HTTP_CORS_ALLOW_CREDENTIALS_DOC = "Let pages send cookies and the HTTP credentials"
            + " a browser caches (Access-Control-Allow-Credentials). Not needed for tokens: a page sets Authorization"
            + " itself with a token from /auth/authenticate.";
    private static final String HTTP_CORS_ALLOW_CREDENTIALS_DISPLAY = "Allow credentials";

    public static final String TOPICS_ALLOWED_CONFIG = "topics.allowed";
    private static final String TOPICS_ALLOWED_DOC = "Topics clients may write to (the REST API's station names)."
            + " A request for any other topic gets 400 (REST) or 403 (/socket/in) and writes nothing. Set this, topics.allowed.regex, or both.";
    private static final String TOPICS_ALLOWED_DISPLAY = "Allowed topics";

    public static final String TOPICS_ALLOWED_REGEX_CONFIG = "topics.allowed.regex";
    private static final String TOPICS_ALLOWED_REGEX_DOC = "Java regular expression for further topics clients may"
            + " write to; it must match the whole name. Empty allows none beyond topics.allowed.";
    private static final String TOPICS_ALLOWED_REGEX_DISPLAY = "Allowed topics pattern";

    public static final String QUEUE_MAX_RECORDS_CONFIG = "queue.max.records";
    private static final String QUEUE_MAX_RECORDS_DOC = "Messages a task holds before poll() hands them to Connect."
            + " When full, clients get 503 with Retry-After.";
    public static final int QUEUE_MAX_RECORDS_DEFAULT = 10_000;
    private static final String QUEUE_MAX_RECORDS_DISPLAY = "Queue capacity (records)";

    public static final String QUEUE_MAX_BYTES_CONFIG = "queue.max.bytes";
    private static final String QUEUE_MAX_BYTES_DOC = "Payload bytes a task holds before poll() hands them to"
            + " Connect. When full, clients get 503 with Retry-After.";
    public static final long QUEUE_MAX_BYTES_DEFAULT = 64L * 1024 * 1024;
    private static final String QUEUE_MAX_BYTES_DISPLAY = "Queue capacity (bytes)";

    public static final String POLL_MAX_RECORDS_CONFIG = "poll.max.records";
    private static final String POLL_MAX_RECORDS_DOC = "Most records one poll() returns to Connect.";
    public static final int POLL_MAX_RECORDS_DEFAULT = 2_000;
    private static final String POLL_MAX_RECORDS_DISPLAY = "Batch size (records)";

    public static final String ACK_TIMEOUT_MS_CONFIG = "ack.timeout.ms";
    private static final String ACK_TIMEOUT_MS_DOC = "How long a client waits for Kafka's acknowledgement. After"
            + " that it gets 504 (outcome unknown) if the message was handed to the producer, or 503 (not written)"
            + " if it was still queued.";
    public static final long ACK_TIMEOUT_MS_DEFAULT = 30_000;
    private static final String ACK_TIMEOUT_MS_DISPLAY = "Acknowledgement timeout (ms)";

    public static final String RETRY_AFTER_SECONDS_CONFIG = "retry.after.seconds";
    private static final String RETRY_AFTER_SECONDS_DOC = "The Retry-After value sent with 503 answers.";
    public static final int RETRY_AFTER_SECONDS_DEFAULT = 1;
    private static final String RETRY_AFTER_SECONDS_DISPLAY = "Retry-After (s)";

    public static final String IDEMPOTENCY_WINDOW_MS_CONFIG = "idempotency.window.ms";
    private static final String IDEMPOTENCY_WINDOW_MS_DOC = "How long a client's Idempotency-Key (REST single posts,"
            + " /socket/in frames' idempotencyKey) is remembered per station: a repeat within it gets the first"
            + " attempt's answer instead of a second write. Remembered per worker (shared by the connector's tasks"
            + " there), not across workers or restarts; the key also travels as the record header Idempotency-Key.";
    public static final long IDEMPOTENCY_WINDOW_MS_DEFAULT = 3_600_000;
    private static final String IDEMPOTENCY_WINDOW_MS_DISPLAY = "Idempotency window (ms)";

    public static final String IDEMPOTENCY_MAX_KEYS_CONFIG = "idempotency.max.keys";
    private static final String IDEMPOTENCY_MAX_KEYS_DOC = "Idempotency keys one worker remembers for this"
            + " connector (a few hundred bytes each); when all are within their window, a request with a new key gets"
            + " 503 with Retry-After.";
    public static final int IDEMPOTENCY_MAX_KEYS_DEFAULT = 50_000;
    private static final String IDEMPOTENCY_MAX_KEYS_DISPLAY = "Idempotency keys remembered";

    public static final String ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG = "ack.fail.task.on.record.error";
    private static final String ACK_FAIL_TASK_ON_RECORD_ERROR_DOC = "Whether one record Kafka refuses (too large for"
            + " the topic, an invalid record for a compacted topic, ...) may fail the task. false (the default)"
            + " requires the connector's errors.tolerance=all: Connect then reports each refused record to this task,"
            + " which answers that record's client 'not written', and every other client goes on. With true,"
            + " errors.tolerance=none is allowed and one client's bad record stops the listener of its task for"
            + " everyone until the task is restarted.";
    private static final String ACK_FAIL_TASK_ON_RECORD_ERROR_DISPLAY = "Let one record fail the task";

    /** Connect's connector-level keys this connector reads to size records and to check error handling. */
    public static final String ERRORS_TOLERANCE_KEY = "errors.tolerance";
    public static final String PRODUCER_MAX_REQUEST_SIZE_KEY = "producer.override.max.request.size";

    public static final String AUTH_ENABLED_CONFIG = "auth.enabled";
    private static final String AUTH_ENABLED_DOC = "Users (auth.users) who log in at /auth/authenticate for"
            + " tokens, and use a token (Bearer, or the bearer.<token> subprotocol on a WebSocket) or their Basic"
            + " credentials on every route. With false, there are no users and no tokens: only API keys and, where"
            + " access.anonymous.enabled, requests without credentials get in.";
    private static final String AUTH_ENABLED_DISPLAY = "Authentication";

    public static final String AUTH_USERS_CONFIG = "auth.users";
    private static final String AUTH_USERS_DOC = "Users as <username>:<secret> pairs, comma-separated. A secret is"
            + " the plain connection token or password, or a PBKDF2 hash (pbkdf2-sha256$<iterations>$<salt>$<hash>,"
            + " made by dev.kgate.http.auth.Credential). A password type, so ${file:...} config providers work.";
    private static final String AUTH_USERS_DISPLAY = "Users";

    public static final String AUTH_USERS_FILE_CONFIG = "auth.users.file";
    private static final String AUTH_USERS_FILE_DOC = "A properties file of further users, one <username>=<secret"
            + " or PBKDF2 hash> per line, read when the task starts.";
    private static final String AUTH_USERS_FILE_DISPLAY = "Users file";

    public static final String AUTH_JWT_SECRET_CONFIG = "auth.jwt.secret";
    private static final String AUTH_JWT_SECRET_DOC = "The HS256 key that signs and checks tokens, at least 32 bytes"
            + " (UTF-8). Every task and worker of the connector shares it, so a token from one is good at all.";
    private static final String AUTH_JWT_SECRET_DISPLAY = "JWT secret";

    public static final String AUTH_JWT_ISSUER_CONFIG = "auth.jwt.issuer";
    private static final String AUTH_JWT_ISSUER_DOC = "The iss claim of issued tokens; tokens of any other issuer"
            + " are refused.";
    private static final String AUTH_JWT_ISSUER_DISPLAY = "JWT issuer";

    public static final String AUTH_TOKEN_EXPIRY_CONFIG = "auth.token.expiry.minutes";
    private static final String AUTH_TOKEN_EXPIRY_DOC = "Lifetime of an access token when the client asks for none.";
    private static final String AUTH_TOKEN_EXPIRY_DISPLAY = "Access token lifetime (min)";

    public static final String AUTH_TOKEN_MAX_EXPIRY_CONFIG = "auth.token.max.expiry.minutes";
    private static final String AUTH_TOKEN_MAX_EXPIRY_DOC = "Longest access token lifetime a client may ask for"
            + " (token_expiry_in_minutes); longer requests get this.";
    private static final String AUTH_TOKEN_MAX_EXPIRY_DISPLAY = "Access token maximum lifetime (min)";

    public static final String AUTH_REFRESH_EXPIRY_CONFIG = "auth.refresh.token.expiry.minutes";
    private static final String AUTH_REFRESH_EXPIRY_DOC = "Lifetime of a refresh token when the client asks for none.";
    private static final String AUTH_REFRESH_EXPIRY_DISPLAY = "Refresh token lifetime (min)";

    public static final String AUTH_REFRESH_MAX_EXPIRY_CONFIG = "auth.refresh.token.max.expiry.minutes";
    private static final String AUTH_REFRESH_MAX_EXPIRY_DOC = "Longest refresh token lifetime a client may ask for"
            + " (refresh_token_expiry_in_minutes).";
    private static final String AUTH_REFRESH_MAX_EXPIRY_DISPLAY = "Refresh token maximum lifetime (min)";

    public static final String AUTH_TOKEN_QUERY_CONFIG = "auth.token.query.enabled";
    private static final String AUTH_TOKEN_QUERY_DOC = "Also accept the access token as ?authorization=<token>, for"
            + " clients that cannot set headers. Query strings end up in access logs: leave off unless needed.";
    private static final String AUTH_TOKEN_QUERY_DISPLAY = "Token in query string";

    public static final String AUTH_FAILED_LOGINS_MAX_CONFIG = "auth.failed.logins.max";
    private static final String AUTH_FAILED_LOGINS_MAX_DOC = "Failed logins (wrong username or secret, on"
            + " /auth/authenticate or as Basic credentials) one client address may make within"
            + " auth.failed.logins.window.ms; beyond, it gets 429 with Retry-After and nothing is checked until the"
            + " window has passed. The address is the connection's peer, never X-Forwarded-For; an IPv6 address"
            + " counts by its /64. Each task counts on its own.";
    public static final int AUTH_FAILED_LOGINS_MAX_DEFAULT = LoginLimits.DEFAULTS.failedLoginsMax();
    private static final String AUTH_FAILED_LOGINS_MAX_DISPLAY = "Failed logins per address";

    public static final String AUTH_FAILED_LOGINS_WINDOW_MS_CONFIG = "auth.failed.logins.window.ms";
    private static final String AUTH_FAILED_LOGINS_WINDOW_MS_DOC = "The window in which auth.failed.logins.max"
            + " failed logins from one address are counted; the first failure opens it.";
    public static final long AUTH_FAILED_LOGINS_WINDOW_MS_DEFAULT = LoginLimits.DEFAULTS.failedLoginsWindowMs();
    private static final String AUTH_FAILED_LOGINS_WINDOW_MS_DISPLAY = "Failed logins window (ms)";

    public static final String AUTH_VERIFY_THREADS_CONFIG = "auth.verify.threads";
    private static final String AUTH_VERIFY_THREADS_DOC = "Threads per task that check secrets (a PBKDF2 hash is"
            + " slow on purpose), apart from the listener's I/O and worker threads.";
    public static final int AUTH_VERIFY_THREADS_DEFAULT = LoginLimits.DEFAULTS.verifyThreads();
    private static final String AUTH_VERIFY_THREADS_DISPLAY = "Credential check threads";

    public static final String AUTH_VERIFY_QUEUE_CONFIG = "auth.verify.queue";
    private static final String AUTH_VERIFY_QUEUE_DOC = "Credential checks per task that may wait for those"
            + " threads; beyond, a login gets 503 with Retry-After at once rather than waiting behind a flood.";
    public static final int AUTH_VERIFY_QUEUE_DEFAULT = LoginLimits.DEFAULTS.verifyQueue();
    private static final String AUTH_VERIFY_QUEUE_DISPLAY = "Credential check queue";

    public static final String STATIONS_RULES_CONFIG = "stations.rules";
    private static final String STATIONS_RULES_DOC = "Names of per-station rules, in order; the first whose"
            + " pattern matches a topic applies. For each name: stations.rule.<name>.topics (a regular expression),"
            + " stations.rule.<name>.schema (an inline JSON Schema, drafts 4 to 2020-12) or"
            + " stations.rule.<name>.schema.file, stations.rule.<name>.key (header:<name>, query:<name> or"
            + " pointer:</json/pointer>), stations.rule.<name>.value (what values become: bytes, string, json or"
            + " struct; unset: REST bodies as bytes and WebSocket values as their declared type) with"
            + " .value.schema.name and .value.schema.version for struct (see the README's Value modes),"
            + " stations.rule.<name>.protobuf.message (a message type's full name) with"
            + " .protobuf.descriptor.file (a descriptor set: protoc --include_imports --descriptor_set_out) or"
            + " .protobuf.descriptor (the same in base64): the station then takes only those messages (see the"
            + " README's Protobuf stations), and"
            + " stations.rule.<name>.signature (github or timestamped: every request"
            + " needs an HMAC-SHA256 signature of its body) with .signature.secret, .signature.header,"
            + " .signature.tolerance.seconds and .signature.only (see the README's Signed webhooks).";
    private static final String STATIONS_RULES_DISPLAY = "Station rules";

    public static final String HEADERS_FORWARD_CONFIG = "headers.forward";
    private static final String HEADERS_FORWARD_DOC = "Request headers copied into record headers, by name (case"
            + " insensitive). Authorization, Cookie, X-Kafka-Auth and hop-by-hop headers are never copied.";
    private static final String HEADERS_FORWARD_DISPLAY = "Forwarded headers";

    public static final String HEADERS_FORWARD_PREFIXES_CONFIG = "headers.forward.prefixes";
    private static final String HEADERS_FORWARD_PREFIXES_DOC = "Request headers copied into record headers, by name"
            + " prefix (case insensitive), e.g. X-Event-.";
    private static final String HEADERS_FORWARD_PREFIXES_DISPLAY = "Forwarded header prefixes";

    public static final String HEADERS_USER_CONFIG = "headers.user";
    private static final String HEADERS_USER_DOC = "Record header that names the authenticated user, so consumers"
            + " know who wrote; empty for none.";
    private static final String HEADERS_USER_DISPLAY = "User header";

    public static final String BATCH_MAX_MESSAGES_CONFIG = "batch.max.messages";
    private static final String BATCH_MAX_MESSAGES_DOC = "Most messages in one produce/batch request; larger"
            + " batches get 413.";
    public static final int BATCH_MAX_MESSAGES_DEFAULT = 1_000;
    private static final String BATCH_MAX_MESSAGES_DISPLAY = "Batch maximum (messages)";

    public static final ConfigDef CONFIG_DEF = configDef();

    public HttpGatewayConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        addListenerOptions(def);
        TlsOptions.define(def);
        addCorsOptions(def);
        addTopicOptions(def);
        addQueueOptions(def);
        addAckOptions(def);
        addAuthOptions(def);
        AccessOptions.define(def);
        SessionOptions.define(def);
        addStationOptions(def);
        addHeaderOptions(def);
        addWebSocketOptions(def);
        addKafkaOptions(def);
        addOutOptions(def);
        return def;
    }

    private static void addOutOptions(ConfigDef def) {
        int order = 0;
        def.define(OUT_TOPICS_ALLOWED_CONFIG, Type.LIST, "", Validators.TOPIC_NAMES, Importance.HIGH,
                        OUT_TOPICS_ALLOWED_DOC, OUT_GROUP, ++order, Width.LONG, OUT_TOPICS_ALLOWED_DISPLAY)
                .define(OUT_TOPICS_ALLOWED_REGEX_CONFIG, Type.STRING, "", Validators.REGEX, Importance.HIGH,
                        OUT_TOPICS_ALLOWED_REGEX_DOC, OUT_GROUP, ++order, Width.LONG, OUT_TOPICS_ALLOWED_REGEX_DISPLAY)
                .define(OUT_MAX_SOCKETS_CONFIG, Type.INT, GatewaySettings.OUT_MAX_SOCKETS_DEFAULT,
                        Range.between(0, 1_000_000), Importance.MEDIUM, OUT_MAX_SOCKETS_DOC, OUT_GROUP, ++order,
                        Width.SHORT, OUT_MAX_SOCKETS_DISPLAY)
                .define(OUT_READER_THREADS_CONFIG, Type.INT, OUT_READER_THREADS_DEFAULT, Range.between(1, 64),
                        Importance.LOW, OUT_READER_THREADS_DOC, OUT_GROUP, ++order, Width.SHORT,
                        OUT_READER_THREADS_DISPLAY);
    }

    private static void addWebSocketOptions(ConfigDef def) {
        int order = 0;
        def.define(WEBSOCKET_MAX_IN_FLIGHT_CONFIG, Type.INT, WEBSOCKET_MAX_IN_FLIGHT_DEFAULT, Range.between(1, 100_000),
                        Importance.LOW, WEBSOCKET_MAX_IN_FLIGHT_DOC, WEBSOCKET_GROUP, ++order, Width.SHORT,
                        WEBSOCKET_MAX_IN_FLIGHT_DISPLAY)
                .define(IN_MAX_SOCKETS_CONFIG, Type.INT, GatewaySettings.IN_MAX_SOCKETS_DEFAULT,
                        Range.between(0, 1_000_000), Importance.MEDIUM, IN_MAX_SOCKETS_DOC, WEBSOCKET_GROUP, ++order,
                        Width.SHORT, IN_MAX_SOCKETS_DISPLAY)
                .define(WEBSOCKET_PING_INTERVAL_MS_CONFIG, Type.LONG, WEBSOCKET_PING_INTERVAL_MS_DEFAULT,
                        Range.atLeast(100), Importance.LOW, WEBSOCKET_PING_INTERVAL_MS_DOC, WEBSOCKET_GROUP, ++order,
                        Width.SHORT, WEBSOCKET_PING_INTERVAL_MS_DISPLAY)
                .define(WEBSOCKET_IDLE_TIMEOUT_MS_CONFIG, Type.LONG, WEBSOCKET_IDLE_TIMEOUT_MS_DEFAULT,
                        Range.atLeast(100), Importance.LOW, WEBSOCKET_IDLE_TIMEOUT_MS_DOC, WEBSOCKET_GROUP, ++order,
                        Width.SHORT, WEBSOCKET_IDLE_TIMEOUT_MS_DISPLAY)
                .define(WEBSOCKET_MESSAGE_TIMEOUT_MS_CONFIG, Type.LONG, WEBSOCKET_MESSAGE_TIMEOUT_MS_DEFAULT,
                        Range.atLeast(100), Importance.LOW, WEBSOCKET_MESSAGE_TIMEOUT_MS_DOC, WEBSOCKET_GROUP,
                        ++order, Width.SHORT, WEBSOCKET_MESSAGE_TIMEOUT_MS_DISPLAY);
    }

    private static void addKafkaOptions(ConfigDef def) {
        int order = 0;
        def.define(KAFKA_BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        Validators.HOST_PORTS, Importance.HIGH, KAFKA_BOOTSTRAP_SERVERS_DOC,
                        KAFKA_GROUP, ++order, Width.LONG, KAFKA_BOOTSTRAP_SERVERS_DISPLAY)
                .define(KAFKA_SECURITY_PROTOCOL_CONFIG, Type.STRING, "PLAINTEXT",
                        ConfigDef.CaseInsensitiveValidString.in("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
                        Importance.MEDIUM, KAFKA_SECURITY_PROTOCOL_DOC, KAFKA_GROUP, ++order, Width.SHORT,
                        KAFKA_SECURITY_PROTOCOL_DISPLAY)
                .define(KAFKA_SASL_MECHANISM_CONFIG, Type.STRING, "GSSAPI", Importance.MEDIUM,
                        KAFKA_SASL_MECHANISM_DOC, KAFKA_GROUP, ++order, Width.SHORT, KAFKA_SASL_MECHANISM_DISPLAY)
                .define(KAFKA_SASL_JAAS_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, KAFKA_SASL_JAAS_DOC,
                        KAFKA_GROUP, ++order, Width.LONG, KAFKA_SASL_JAAS_DISPLAY)
                .define(KAFKA_SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        KAFKA_SSL_TRUSTSTORE_LOCATION_DOC, KAFKA_GROUP, ++order, Width.LONG,
                        KAFKA_SSL_TRUSTSTORE_LOCATION_DISPLAY)
                .define(KAFKA_SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        KAFKA_SSL_TRUSTSTORE_PASSWORD_DOC, KAFKA_GROUP, ++order, Width.MEDIUM,
                        KAFKA_SSL_TRUSTSTORE_PASSWORD_DISPLAY);
    }

    private static void addListenerOptions(ConfigDef def) {
        int order = 0;
        def.define(HTTP_PORT_CONFIG, Type.INT, HTTP_PORT_DEFAULT, Range.between(1, 65535), Importance.HIGH,
                        HTTP_PORT_DOC, LISTENER_GROUP, ++order, Width.SHORT, HTTP_PORT_DISPLAY)
                .define(HTTP_BIND_ADDRESS_CONFIG, Type.STRING, HTTP_BIND_ADDRESS_DEFAULT, new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, HTTP_BIND_ADDRESS_DOC, LISTENER_GROUP, ++order, Width.MEDIUM,
                        HTTP_BIND_ADDRESS_DISPLAY)
                .define(HTTP_IO_THREADS_CONFIG, Type.INT, HTTP_IO_THREADS_DEFAULT, Range.between(0, 256),
                        Importance.LOW, HTTP_IO_THREADS_DOC, LISTENER_GROUP, ++order, Width.SHORT,
                        HTTP_IO_THREADS_DISPLAY)
                .define(HTTP_MAX_BODY_BYTES_CONFIG, Type.INT, HTTP_MAX_BODY_BYTES_DEFAULT, Range.atLeast(1),
                        Importance.MEDIUM, HTTP_MAX_BODY_BYTES_DOC, LISTENER_GROUP, ++order, Width.SHORT,
                        HTTP_MAX_BODY_BYTES_DISPLAY)
                .define(HTTP_MAX_INPUT_BYTES_CONFIG, Type.LONG, HTTP_MAX_INPUT_BYTES_DEFAULT, Range.atLeast(1024),
                        Importance.LOW, HTTP_MAX_INPUT_BYTES_DOC, LISTENER_GROUP, ++order, Width.SHORT,
                        HTTP_MAX_INPUT_BYTES_DISPLAY)
                .define(HTTP_IDLE_TIMEOUT_MS_CONFIG, Type.LONG, HTTP_IDLE_TIMEOUT_MS_DEFAULT, Range.atLeast(100),
                        Importance.LOW, HTTP_IDLE_TIMEOUT_MS_DOC, LISTENER_GROUP, ++order, Width.SHORT,
                        HTTP_IDLE_TIMEOUT_MS_DISPLAY)
                .define(HTTP_REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, HTTP_REQUEST_TIMEOUT_MS_DEFAULT,
                        Range.atLeast(100), Importance.LOW, HTTP_REQUEST_TIMEOUT_MS_DOC, LISTENER_GROUP, ++order,
                        Width.SHORT, HTTP_REQUEST_TIMEOUT_MS_DISPLAY)
                .define(HTTP_ACCESS_LOG_CONFIG, Type.BOOLEAN, false, Importance.LOW, HTTP_ACCESS_LOG_DOC,
                        LISTENER_GROUP, ++order, Width.SHORT, HTTP_ACCESS_LOG_DISPLAY)
                .define(HTTP_CONSOLE_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.LOW, HTTP_CONSOLE_ENABLED_DOC,
                        LISTENER_GROUP, ++order, Width.SHORT, HTTP_CONSOLE_ENABLED_DISPLAY);
    }

    private static void addCorsOptions(ConfigDef def) {
        int order = 0;
        def.define(HTTP_CORS_ALLOWED_ORIGINS_CONFIG, Type.LIST, "", Validators.ORIGINS, Importance.HIGH,
                        HTTP_CORS_ALLOWED_ORIGINS_DOC, CORS_GROUP, ++order, Width.LONG,
                        HTTP_CORS_ALLOWED_ORIGINS_DISPLAY)
                .define(HTTP_CORS_ALLOWED_METHODS_CONFIG, Type.LIST, HTTP_CORS_ALLOWED_METHODS_DEFAULT,
                        Validators.httpNames("method"), Importance.LOW, HTTP_CORS_ALLOWED_METHODS_DOC, CORS_GROUP,
                        ++order, Width.MEDIUM, HTTP_CORS_ALLOWED_METHODS_DISPLAY)
                .define(HTTP_CORS_ALLOWED_HEADERS_CONFIG, Type.LIST, HTTP_CORS_ALLOWED_HEADERS_DEFAULT,
                        Validators.httpNames("request header"), Importance.LOW, HTTP_CORS_ALLOWED_HEADERS_DOC,
                        CORS_GROUP, ++order, Width.LONG, HTTP_CORS_ALLOWED_HEADERS_DISPLAY)
                .define(HTTP_CORS_EXPOSED_HEADERS_CONFIG, Type.LIST, HTTP_CORS_EXPOSED_HEADERS_DEFAULT,
                        Validators.httpNames("response header"), Importance.LOW, HTTP_CORS_EXPOSED_HEADERS_DOC,
                        CORS_GROUP, ++order, Width.LONG, HTTP_CORS_EXPOSED_HEADERS_DISPLAY)
                .define(HTTP_CORS_MAX_AGE_SECONDS_CONFIG, Type.INT, HTTP_CORS_MAX_AGE_SECONDS_DEFAULT,
                        Range.between(0, 86_400), Importance.LOW, HTTP_CORS_MAX_AGE_SECONDS_DOC, CORS_GROUP, ++order,
                        Width.SHORT, HTTP_CORS_MAX_AGE_SECONDS_DISPLAY)
                .define(HTTP_CORS_ALLOW_CREDENTIALS_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                        HTTP_CORS_ALLOW_CREDENTIALS_DOC, CORS_GROUP, ++order, Width.SHORT,
                        HTTP_CORS_ALLOW_CREDENTIALS_DISPLAY);
    }

    private static void addTopicOptions(ConfigDef def) {
        int order = 0;
        def.define(TOPICS_ALLOWED_CONFIG, Type.LIST, "", Validators.TOPIC_NAMES, Importance.HIGH,
                        TOPICS_ALLOWED_DOC, TOPICS_GROUP, ++order, Width.LONG, TOPICS_ALLOWED_DISPLAY)
                .define(TOPICS_ALLOWED_REGEX_CONFIG, Type.STRING, "", Validators.REGEX,
                        Importance.HIGH, TOPICS_ALLOWED_REGEX_DOC, TOPICS_GROUP, ++order, Width.LONG,
                        TOPICS_ALLOWED_REGEX_DISPLAY)
                .define(TOPICS_MUST_EXIST_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, TOPICS_MUST_EXIST_DOC,
                        TOPICS_GROUP, ++order, Width.SHORT, TOPICS_MUST_EXIST_DISPLAY);
    }

    private static void addQueueOptions(ConfigDef def) {
        int order = 0;
        def.define(QUEUE_MAX_RECORDS_CONFIG, Type.INT, QUEUE_MAX_RECORDS_DEFAULT, Range.atLeast(1), Importance.MEDIUM,
                        QUEUE_MAX_RECORDS_DOC, QUEUE_GROUP, ++order, Width.SHORT, QUEUE_MAX_RECORDS_DISPLAY)
                .define(QUEUE_MAX_BYTES_CONFIG, Type.LONG, QUEUE_MAX_BYTES_DEFAULT, Range.atLeast(1),
                        Importance.MEDIUM, QUEUE_MAX_BYTES_DOC, QUEUE_GROUP, ++order, Width.SHORT,
                        QUEUE_MAX_BYTES_DISPLAY)
                .define(POLL_MAX_RECORDS_CONFIG, Type.INT, POLL_MAX_RECORDS_DEFAULT, Range.atLeast(1),
                        Importance.LOW, POLL_MAX_RECORDS_DOC, QUEUE_GROUP, ++order, Width.SHORT,
                        POLL_MAX_RECORDS_DISPLAY)
                .define(BATCH_MAX_MESSAGES_CONFIG, Type.INT, BATCH_MAX_MESSAGES_DEFAULT, Range.atLeast(1),
                        Importance.LOW, BATCH_MAX_MESSAGES_DOC, QUEUE_GROUP, ++order, Width.SHORT,
                        BATCH_MAX_MESSAGES_DISPLAY);
    }

    private static void addAuthOptions(ConfigDef def) {
        int order = 0;
        def.define(AUTH_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.HIGH, AUTH_ENABLED_DOC, AUTH_GROUP, ++order,
                        Width.SHORT, AUTH_ENABLED_DISPLAY)
                .define(AUTH_USERS_CONFIG, Type.PASSWORD, "", Importance.HIGH, AUTH_USERS_DOC, AUTH_GROUP, ++order,
                        Width.LONG, AUTH_USERS_DISPLAY)
                .define(AUTH_USERS_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM, AUTH_USERS_FILE_DOC, AUTH_GROUP,
                        ++order, Width.LONG, AUTH_USERS_FILE_DISPLAY)
                .define(AUTH_JWT_SECRET_CONFIG, Type.PASSWORD, null, Importance.HIGH, AUTH_JWT_SECRET_DOC, AUTH_GROUP,
                        ++order, Width.LONG, AUTH_JWT_SECRET_DISPLAY)
                .define(AUTH_JWT_ISSUER_CONFIG, Type.STRING, "kgate", new ConfigDef.NonEmptyString(), Importance.LOW,
                        AUTH_JWT_ISSUER_DOC, AUTH_GROUP, ++order, Width.SHORT, AUTH_JWT_ISSUER_DISPLAY)
                .define(AUTH_TOKEN_EXPIRY_CONFIG, Type.INT, 15, Range.atLeast(1), Importance.LOW,
                        AUTH_TOKEN_EXPIRY_DOC, AUTH_GROUP, ++order, Width.SHORT, AUTH_TOKEN_EXPIRY_DISPLAY)
                .define(AUTH_TOKEN_MAX_EXPIRY_CONFIG, Type.INT, 24 * 60, Range.atLeast(1), Importance.LOW,
                        AUTH_TOKEN_MAX_EXPIRY_DOC, AUTH_GROUP, ++order, Width.SHORT, AUTH_TOKEN_MAX_EXPIRY_DISPLAY)
                .define(AUTH_REFRESH_EXPIRY_CONFIG, Type.INT, 5 * 60, Range.atLeast(1), Importance.LOW,
                        AUTH_REFRESH_EXPIRY_DOC, AUTH_GROUP, ++order, Width.SHORT, AUTH_REFRESH_EXPIRY_DISPLAY)
                .define(AUTH_REFRESH_MAX_EXPIRY_CONFIG, Type.INT, 7 * 24 * 60, Range.atLeast(1), Importance.LOW,
                        AUTH_REFRESH_MAX_EXPIRY_DOC, AUTH_GROUP, ++order, Width.SHORT, AUTH_REFRESH_MAX_EXPIRY_DISPLAY)
                .define(AUTH_TOKEN_QUERY_CONFIG, Type.BOOLEAN, false, Importance.LOW, AUTH_TOKEN_QUERY_DOC,
                        AUTH_GROUP, ++order, Width.SHORT, AUTH_TOKEN_QUERY_DISPLAY)
                .define(AUTH_FAILED_LOGINS_MAX_CONFIG, Type.INT, AUTH_FAILED_LOGINS_MAX_DEFAULT, Range.atLeast(1),
                        Importance.LOW, AUTH_FAILED_LOGINS_MAX_DOC, AUTH_GROUP, ++order, Width.SHORT,
                        AUTH_FAILED_LOGINS_MAX_DISPLAY)
                .define(AUTH_FAILED_LOGINS_WINDOW_MS_CONFIG, Type.LONG, AUTH_FAILED_LOGINS_WINDOW_MS_DEFAULT,
                        Range.atLeast(1), Importance.LOW, AUTH_FAILED_LOGINS_WINDOW_MS_DOC, AUTH_GROUP, ++order,
                        Width.SHORT, AUTH_FAILED_LOGINS_WINDOW_MS_DISPLAY)
                .define(AUTH_VERIFY_THREADS_CONFIG, Type.INT, AUTH_VERIFY_THREADS_DEFAULT, Range.between(1, 64),
                        Importance.LOW, AUTH_VERIFY_THREADS_DOC, AUTH_GROUP, ++order, Width.SHORT,
                        AUTH_VERIFY_THREADS_DISPLAY)
                .define(AUTH_VERIFY_QUEUE_CONFIG, Type.INT, AUTH_VERIFY_QUEUE_DEFAULT, Range.between(1, 100_000),
                        Importance.LOW, AUTH_VERIFY_QUEUE_DOC, AUTH_GROUP, ++order, Width.SHORT,
                        AUTH_VERIFY_QUEUE_DISPLAY);
    }

    private static void addStationOptions(ConfigDef def) {
        def.define(STATIONS_RULES_CONFIG, Type.LIST, "", Importance.MEDIUM, STATIONS_RULES_DOC, STATIONS_GROUP, 1,
                Width.LONG, STATIONS_RULES_DISPLAY);
    }

    private static void addHeaderOptions(ConfigDef def) {
        int order = 0;
        def.define(HEADERS_FORWARD_CONFIG, Type.LIST, "", Importance.MEDIUM, HEADERS_FORWARD_DOC, HEADERS_GROUP,
                        ++order, Width.LONG, HEADERS_FORWARD_DISPLAY)
                .define(HEADERS_FORWARD_PREFIXES_CONFIG, Type.LIST, "", Importance.MEDIUM,
                        HEADERS_FORWARD_PREFIXES_DOC, HEADERS_GROUP, ++order, Width.LONG,
                        HEADERS_FORWARD_PREFIXES_DISPLAY)
                .define(HEADERS_USER_CONFIG, Type.STRING, "", Importance.LOW, HEADERS_USER_DOC, HEADERS_GROUP,
                        ++order, Width.SHORT, HEADERS_USER_DISPLAY);
    }

    private static void addAckOptions(ConfigDef def) {
        int order = 0;
        def.define(ACK_TIMEOUT_MS_CONFIG, Type.LONG, ACK_TIMEOUT_MS_DEFAULT, Range.atLeast(1), Importance.MEDIUM,
                        ACK_TIMEOUT_MS_DOC, ACK_GROUP, ++order, Width.SHORT, ACK_TIMEOUT_MS_DISPLAY)
                .define(RETRY_AFTER_SECONDS_CONFIG, Type.INT, RETRY_AFTER_SECONDS_DEFAULT, Range.atLeast(1),
                        Importance.LOW, RETRY_AFTER_SECONDS_DOC, ACK_GROUP, ++order, Width.SHORT,
                        RETRY_AFTER_SECONDS_DISPLAY)
                .define(IDEMPOTENCY_WINDOW_MS_CONFIG, Type.LONG, IDEMPOTENCY_WINDOW_MS_DEFAULT, Range.between(1_000,
                        604_800_000L), Importance.MEDIUM, IDEMPOTENCY_WINDOW_MS_DOC, ACK_GROUP, ++order, Width.SHORT,
                        IDEMPOTENCY_WINDOW_MS_DISPLAY)
                .define(IDEMPOTENCY_MAX_KEYS_CONFIG, Type.INT, IDEMPOTENCY_MAX_KEYS_DEFAULT, Range.between(1,
                        10_000_000), Importance.LOW, IDEMPOTENCY_MAX_KEYS_DOC, ACK_GROUP, ++order, Width.SHORT,
                        IDEMPOTENCY_MAX_KEYS_DISPLAY)
                .define(ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                        ACK_FAIL_TASK_ON_RECORD_ERROR_DOC, ACK_GROUP, ++order, Width.SHORT,
                        ACK_FAIL_TASK_ON_RECORD_ERROR_DISPLAY);
    }

    /** Converters that cannot write a struct or map: a json or struct station's values would fail the task. */
    private static final Set<String> BYTES_ONLY_CONVERTERS = Set.of(
            "org.apache.kafka.connect.converters.ByteArrayConverter", "org.apache.kafka.connect.storage.StringConverter",
            "dev.kgate.connect.convert.KafkaSerdeConverter");

    /** @return a problem between keys, attached to the key named first; null when there is none */
    public static String[] crossKeyProblem(Map<String, String> props) {
        HttpGatewayConfig config = new HttpGatewayConfig(props);
        if (config.getList(TOPICS_ALLOWED_CONFIG).isEmpty() && config.getString(TOPICS_ALLOWED_REGEX_CONFIG).isEmpty()) {
            return new String[]{TOPICS_ALLOWED_CONFIG, "No topic is open for writing: set " + TOPICS_ALLOWED_CONFIG
                    + " or " + TOPICS_ALLOWED_REGEX_CONFIG};
        }
        String[] tlsProblem = TlsOptions.problem(config);
        if (tlsProblem != null) {
            return tlsProblem;
        }
        if (config.getBoolean(HTTP_CORS_ALLOW_CREDENTIALS_CONFIG)
                && config.getList(HTTP_CORS_ALLOWED_ORIGINS_CONFIG).contains("*")) {
            return new String[]{HTTP_CORS_ALLOWED_ORIGINS_CONFIG, "* cannot allow every origin while "
                    + HTTP_CORS_ALLOW_CREDENTIALS_CONFIG + " is true: list the origins"};
        }
        boolean webhooks;
        try {
            StationRules rules = config.stationRules();
            webhooks = rules.anySignatureSuffices();
            String structured = rules.structuredValueRule();
            String converter = props.get("value.converter");
            if (structured != null && converter != null && BYTES_ONLY_CONVERTERS.contains(converter.trim())) {
                return new String[]{STATIONS_RULES_CONFIG, "rule '" + structured + "' makes structured values,"
                        + " which " + converter.trim() + " cannot write: use a converter for structured data"
                        + " (JsonConverter, a schema registry's Avro or JSON Schema converter)"};
            }
        } catch (IllegalArgumentException e) {
            return new String[]{STATIONS_RULES_CONFIG, e.getMessage()};
        }
        String[] recordProblem = recordErrorProblem(config, props);
        if (recordProblem != null) {
            return recordProblem;
        }
        if (config.getLong(WEBSOCKET_PING_INTERVAL_MS_CONFIG) >= config.getLong(WEBSOCKET_IDLE_TIMEOUT_MS_CONFIG)) {
            return new String[]{WEBSOCKET_PING_INTERVAL_MS_CONFIG, "must be shorter than "
                    + WEBSOCKET_IDLE_TIMEOUT_MS_CONFIG + ", or a silent but live client is closed before it is pinged"};
        }
        if (!config.getBoolean(AUTH_ENABLED_CONFIG)) {
            return AccessOptions.problem(config, Set.of(), webhooks);
        }
        Password secret = config.getPassword(AUTH_JWT_SECRET_CONFIG);
        if (secret == null || secret.value().getBytes(StandardCharsets.UTF_8).length < TokenService.MIN_SECRET_BYTES) {
            return new String[]{AUTH_JWT_SECRET_CONFIG, "a JWT secret of at least " + TokenService.MIN_SECRET_BYTES
                    + " bytes is required for HS256 while " + AUTH_ENABLED_CONFIG + " is true"};
        }
        try {
            if (config.users().isEmpty()) {
                return new String[]{AUTH_USERS_CONFIG, "no user is configured (" + AUTH_USERS_CONFIG + " or "
                        + AUTH_USERS_FILE_CONFIG + ") while " + AUTH_ENABLED_CONFIG + " is true"};
            }
        } catch (IllegalArgumentException e) {
            return new String[]{AUTH_USERS_CONFIG, e.getMessage()};
        }
        if (config.getInt(AUTH_TOKEN_EXPIRY_CONFIG) > config.getInt(AUTH_TOKEN_MAX_EXPIRY_CONFIG)) {
            return new String[]{AUTH_TOKEN_EXPIRY_CONFIG, "longer than " + AUTH_TOKEN_MAX_EXPIRY_CONFIG};
        }
        if (config.getInt(AUTH_REFRESH_EXPIRY_CONFIG) > config.getInt(AUTH_REFRESH_MAX_EXPIRY_CONFIG)) {
            return new String[]{AUTH_REFRESH_EXPIRY_CONFIG, "longer than " + AUTH_REFRESH_MAX_EXPIRY_CONFIG};
        }
        return AccessOptions.problem(config, config.users().keySet(), webhooks);
    }

    /** Records Kafka refuses must reach their clients, not fail the task; and they must fit the producer at all. */
    private static String[] recordErrorProblem(HttpGatewayConfig config, Map<String, String> props) {
        try {
            if (producerMaxRequestBytes(props) <= RecordSizeLimit.BATCH_OVERHEAD_BYTES) {
                return new String[]{HTTP_MAX_BODY_BYTES_CONFIG, PRODUCER_MAX_REQUEST_SIZE_KEY + " leaves no room for"
                        + " a record: it must be larger than " + RecordSizeLimit.BATCH_OVERHEAD_BYTES + " bytes"};
            }
        } catch (NumberFormatException e) {
            return new String[]{HTTP_MAX_BODY_BYTES_CONFIG, PRODUCER_MAX_REQUEST_SIZE_KEY + " is not a number"};
        }
        String tolerance = props.getOrDefault(ERRORS_TOLERANCE_KEY, "none").trim();
        if (!"all".equalsIgnoreCase(tolerance) && !config.getBoolean(ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG)) {
            return new String[]{ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG, "errors.tolerance is '" + tolerance + "': one"
                    + " record Kafka refuses would fail the task and close its listener for every client. Set"
                    + " errors.tolerance=all (each refused record is answered 'not written' to its own client), or"
                    + " set " + ACK_FAIL_TASK_ON_RECORD_ERROR_CONFIG + "=true to accept task failures"};
        }
        return null;
    }

    public TopicPolicy topicPolicy() {
        return policy(TOPICS_ALLOWED_CONFIG, TOPICS_ALLOWED_REGEX_CONFIG);
    }

    /** The topics /socket/out may read. */
    public TopicPolicy readablePolicy() {
        return policy(OUT_TOPICS_ALLOWED_CONFIG, OUT_TOPICS_ALLOWED_REGEX_CONFIG);
    }

    private TopicPolicy policy(String namesKey, String regexKey) {
        String regex = getString(regexKey);
        return new TopicPolicy(new HashSet<>(getList(namesKey)), regex.isEmpty() ? null : Pattern.compile(regex));
    }

    /** @param kafka where topic existence is checked, when {@value #TOPICS_MUST_EXIST_CONFIG} is true */
    /** With a table of idempotency keys of its own, for tests. */
    public IngestSettings ingestSettings(KafkaView kafka) {
        return ingestSettings(kafka, new IdempotencyKeys(getLong(IDEMPOTENCY_WINDOW_MS_CONFIG),
                getInt(IDEMPOTENCY_MAX_KEYS_CONFIG)));
    }

    public IngestSettings ingestSettings(KafkaView kafka, IdempotencyKeys idempotency) {
        return new IngestSettings(topicPolicy(), new TopicExistence(kafka, getBoolean(TOPICS_MUST_EXIST_CONFIG),
                        AccessOptions.permissions(this)),
                stationRules(), headerForwarding(),
                getInt(HTTP_MAX_BODY_BYTES_CONFIG), getInt(BATCH_MAX_MESSAGES_CONFIG), getLong(ACK_TIMEOUT_MS_CONFIG),
                getInt(RETRY_AFTER_SECONDS_CONFIG), getLong(HTTP_REQUEST_TIMEOUT_MS_CONFIG),
                new RecordSizeLimit(producerMaxRequestBytes(originalsStrings()), topic -> kafka.topicMaxMessageBytes(topic)),
                idempotency);
    }

    /** The producer's max.request.size as this connector overrides it; Kafka's default otherwise. */
    static int producerMaxRequestBytes(Map<String, String> props) {
        String value = props.get(PRODUCER_MAX_REQUEST_SIZE_KEY);
        return value == null ? RecordSizeLimit.KAFKA_DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(value.trim());
    }

    /** @throws IllegalArgumentException naming the rule at fault */
    public StationRules stationRules() {
        return StationRulesParser.parse(getList(STATIONS_RULES_CONFIG), originals());
    }

    public HeaderForwarding headerForwarding() {
        return new HeaderForwarding(new HashSet<>(getList(HEADERS_FORWARD_CONFIG)),
                getList(HEADERS_FORWARD_PREFIXES_CONFIG), getString(HEADERS_USER_CONFIG));
    }

    /** Besides the configured request headers, a page may send those the gateway reads: forwarded, key, API key. */
    public CorsPolicy corsPolicy() {
        List<String> readHeaders = new ArrayList<>(getList(HEADERS_FORWARD_CONFIG));
        readHeaders.addAll(stationRules().keyHeaders());
        readHeaders.add(getString(AccessOptions.AUTH_API_KEY_HEADER_CONFIG).trim());
        return CorsPolicy.builder()
                .allowedOrigins(getList(HTTP_CORS_ALLOWED_ORIGINS_CONFIG))
                .allowedMethods(getList(HTTP_CORS_ALLOWED_METHODS_CONFIG))
                .allowedHeaders(getList(HTTP_CORS_ALLOWED_HEADERS_CONFIG))
                .alsoAllowedHeaders(readHeaders)
                .exposedHeaders(getList(HTTP_CORS_EXPOSED_HEADERS_CONFIG))
                .maxAgeSeconds(getInt(HTTP_CORS_MAX_AGE_SECONDS_CONFIG))
                .allowCredentials(getBoolean(HTTP_CORS_ALLOW_CREDENTIALS_CONFIG))
                .build();
    }

    /** @throws IllegalArgumentException naming the user at fault, never a secret */
    public Map<String, Credential> users() {
        return UsersParser.parse(getPassword(AUTH_USERS_CONFIG).value(), getString(AUTH_USERS_FILE_CONFIG));
    }

    /** @return null when authentication is switched off */
    public AuthSettings authSettings() {
        if (!getBoolean(AUTH_ENABLED_CONFIG)) {
            return null;
        }
        Duration accessMax = Duration.ofMinutes(getInt(AUTH_TOKEN_MAX_EXPIRY_CONFIG));
        Duration refreshMax = Duration.ofMinutes(getInt(AUTH_REFRESH_MAX_EXPIRY_CONFIG));
        TokenService tokens = new TokenService(
                getPassword(AUTH_JWT_SECRET_CONFIG).value().getBytes(StandardCharsets.UTF_8),
                getString(AUTH_JWT_ISSUER_CONFIG), accessMax.compareTo(refreshMax) > 0 ? accessMax : refreshMax);
        return new AuthSettings(new UserStore(users()), tokens,
                Duration.ofMinutes(getInt(AUTH_TOKEN_EXPIRY_CONFIG)), accessMax,
                Duration.ofMinutes(getInt(AUTH_REFRESH_EXPIRY_CONFIG)), refreshMax,
                getBoolean(AUTH_TOKEN_QUERY_CONFIG), loginLimits());
    }

    /** @throws IllegalArgumentException naming the grant or key entry at fault */
    public AccessSettings accessSettings() {
        return AccessOptions.settings(this);
    }

    public LoginLimits loginLimits() {
        return new LoginLimits(getInt(AUTH_VERIFY_THREADS_CONFIG), getInt(AUTH_VERIFY_QUEUE_CONFIG),
                getInt(AUTH_FAILED_LOGINS_MAX_CONFIG), getLong(AUTH_FAILED_LOGINS_WINDOW_MS_CONFIG),
                getInt(RETRY_AFTER_SECONDS_CONFIG));
    }

    public ListenerSettings listenerSettings() {
        int ioThreads = getInt(HTTP_IO_THREADS_CONFIG);
        return new ListenerSettings(getString(HTTP_BIND_ADDRESS_CONFIG), getInt(HTTP_PORT_CONFIG),
                TlsOptions.settings(this),
                ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors(),
                new ListenerLimits(getLong(HTTP_MAX_INPUT_BYTES_CONFIG), getLong(HTTP_IDLE_TIMEOUT_MS_CONFIG),
                        getLong(HTTP_REQUEST_TIMEOUT_MS_CONFIG)));
    }

    /** Settings of the gateway's own Kafka clients: every kafka.* key, without the prefix. */
    public Map<String, Object> kafkaClientProps() {
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
        props.put(KAFKA_BOOTSTRAP_SERVERS_CONFIG.substring(KAFKA_PREFIX.length()),
                String.join(",", getList(KAFKA_BOOTSTRAP_SERVERS_CONFIG)));
        return props;
    }

    /** Which of key and value this connector's own converter settings can write only as bytes. */
    public InSocketSettings.BytesOnly bytesOnlyConverters() {
        return new InSocketSettings.BytesOnly(isByteArrayConverter("key.converter"),
                isByteArrayConverter("value.converter"));
    }

    private boolean isByteArrayConverter(String key) {
        return "org.apache.kafka.connect.converters.ByteArrayConverter".equals(originalsStrings().get(key));
    }

    /** @return null when sessions are not tracked */
    public SessionSettings sessionSettings() {
        if (!getBoolean(SessionOptions.SESSIONS_ENABLED_CONFIG)) {
            return null;
        }
        return new SessionSettings(SessionOptions.topic(this, originals()),
                getLong(SessionOptions.SESSIONS_TTL_MS_CONFIG),
                getInt(SessionOptions.SESSIONS_MAX_PER_CLIENT_CONFIG));
    }

    /** Where and how the WebSocket client sessions are kept. */
    public record SessionSettings(String topic, long ttlMs, int maxPerClient) {
    }

    public boolean accessLog() {
        return getBoolean(HTTP_ACCESS_LOG_CONFIG);
    }

    public boolean console() {
        return getBoolean(HTTP_CONSOLE_ENABLED_CONFIG);
    }

    public int outMaxSockets() {
        return getInt(OUT_MAX_SOCKETS_CONFIG);
    }

    public int outReaderThreads() {
        return getInt(OUT_READER_THREADS_CONFIG);
    }

    public int inMaxSockets() {
        return getInt(IN_MAX_SOCKETS_CONFIG);
    }

    public int websocketMaxInFlight() {
        return getInt(WEBSOCKET_MAX_IN_FLIGHT_CONFIG);
    }

    public SocketTimeouts socketTimeouts() {
        return new SocketTimeouts(getLong(WEBSOCKET_PING_INTERVAL_MS_CONFIG), getLong(WEBSOCKET_IDLE_TIMEOUT_MS_CONFIG),
                getLong(WEBSOCKET_MESSAGE_TIMEOUT_MS_CONFIG));
    }

    public int queueMaxRecords() {
        return getInt(QUEUE_MAX_RECORDS_CONFIG);
    }

    public long queueMaxBytes() {
        return getLong(QUEUE_MAX_BYTES_CONFIG);
    }

    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS_CONFIG);
    }

    /** Prints the configuration reference as the Markdown table of the README. */
    public static void main(String[] args) {
        System.out.print(ConfigTable.markdown(CONFIG_DEF));
    }
}
