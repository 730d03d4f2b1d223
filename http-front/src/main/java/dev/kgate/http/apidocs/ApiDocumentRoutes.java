package dev.kgate.http.apidocs;

import dev.kgate.http.pipeline.ApiShape;
import dev.kgate.http.pipeline.GuardedRoutes;
import dev.kgate.http.pipeline.RouteSpec;

/**
 * {@code GET /openapi.json} (OpenAPI 3.1, every HTTP route) and {@code GET /asyncapi.json} (AsyncAPI 3.0, the frames
 * of {@code /socket/in} and {@code /socket/out}). Both are hand-written resources beside this class, checked against
 * the routes really added and the code's formats by tests; public, like any API description.
 */
public final class ApiDocumentRoutes {

    public static final String OPENAPI_PATH = "/openapi.json";
    public static final String ASYNCAPI_PATH = "/asyncapi.json";
    /** The resources, relative to this class. */
    public static final String OPENAPI_RESOURCE = "openapi.json";
    public static final String ASYNCAPI_RESOURCE = "asyncapi.json";

    private static final RouteSpec OPEN = RouteSpec.open(ApiShape.WEBSOCKET_PROXY);

    private ApiDocumentRoutes() {
    }

    public static void addTo(GuardedRoutes routes) {
        routes.get(OPENAPI_PATH, OPEN, Documents.OPENAPI)
                .get(ASYNCAPI_PATH, OPEN, Documents.ASYNCAPI);
    }

    /** Read once per class loader, when the first gateway starts, not once per task. */
    private static final class Documents {
        static final StaticDocument OPENAPI = StaticDocument.of(ApiDocumentRoutes.class, OPENAPI_RESOURCE);
        static final StaticDocument ASYNCAPI = StaticDocument.of(ApiDocumentRoutes.class, ASYNCAPI_RESOURCE);
    }
}
