package dev.kgate.connect.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.HashSet;
import java.util.Set;

/**
 * One plain {@link GatewayCluster} (one broker, one worker) for every test class of this JVM that uses this
 * extension: starting a cluster costs ~10 s, a connector on a running one ~1 s. A class takes it as a parameter of
 * its {@code @BeforeAll} method, starts its connectors on ports and topics of its own, and leaves them: after the
 * class, this extension deletes every connector that appeared during it. Classes that need other broker or worker
 * settings, or that stop workers or the broker, build their own {@code GatewayCluster}.
 */
final class SharedGatewayCluster implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** Kept in the root context's store: started on first use, closed (AutoCloseable) when the JVM's tests end. */
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SharedGatewayCluster.class);
    private static final String CONNECTORS_BEFORE = "connectors-before";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(CONNECTORS_BEFORE, new HashSet<>(cluster(context).connect.connectors()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        GatewayCluster cluster = cluster(context);
        @SuppressWarnings("unchecked")
        Set<String> before = context.getStore(NAMESPACE).get(CONNECTORS_BEFORE, Set.class);
        for (String connector : cluster.connect.connectors()) {
            if (!before.contains(connector)) {
                cluster.connect.deleteConnector(connector);
                // Gone from the worker's view before the next class starts its own connectors.
                cluster.connect.assertions().assertConnectorDoesNotExist(connector, connector + " was not deleted");
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GatewayCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    private static GatewayCluster cluster(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(GatewayCluster.class, type -> new GatewayCluster(1), GatewayCluster.class);
    }
}
