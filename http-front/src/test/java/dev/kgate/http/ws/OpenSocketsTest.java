package dev.kgate.http.ws;

import dev.kgate.http.metrics.GatewayMetrics;
import dev.kgate.http.metrics.SocketSide;
import dev.kgate.http.ws.wire.WebSocketConnection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenSocketsTest {

    /** Records the close it is asked for, as a real socket closes once its answers are out. */
    private static final class RecordingSocket implements ClosableSocket {
        final List<Integer> closeCodes = new ArrayList<>();

        @Override
        public void closeWhenAnswered(int code, String reason) {
            closeCodes.add(code);
        }

        @Override
        public String principalName() {
            return "alice";
        }

        @Override
        public SocketSide side() {
            return SocketSide.IN;
        }
    }

    @Test
    void aSocketRegisteringAfterItsTaskStoppedIsClosedWith1012() {
        OpenSockets sockets = new OpenSockets(GatewayMetrics.NONE);
        sockets.closeAllForGood("The gateway task is stopping: reconnect", 0);

        RecordingSocket late = new RecordingSocket();
        sockets.add(late);

        assertEquals(List.of(WebSocketConnection.SERVICE_RESTART), late.closeCodes);
    }

    @Test
    void afterAPauseNewSocketsAreTakenAgain() {
        OpenSockets sockets = new OpenSockets(GatewayMetrics.NONE);
        RecordingSocket before = new RecordingSocket();
        sockets.add(before);
        sockets.closeAll("The connector is paused: reconnect once it is resumed", 0);

        RecordingSocket afterResume = new RecordingSocket();
        sockets.add(afterResume);

        assertEquals(List.of(WebSocketConnection.SERVICE_RESTART), before.closeCodes);
        assertTrue(afterResume.closeCodes.isEmpty());
    }
}
