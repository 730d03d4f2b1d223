package dev.kgate.http.cloudevents;

import dev.kgate.http.ingest.MessageHeader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudEventHeadersTest {

    private static final CloudEventRecord EVENT = new CloudEventRecord(new byte[0], "application/json", true,
            List.of(new MessageHeader("ce_specversion", "1.0"), new MessageHeader("ce_id", "real"),
                    new MessageHeader("content-type", "application/json")));

    @Test
    void forwardedHeadersCannotTakeTheEventsNames() throws Exception {
        List<MessageHeader> forwarded = List.of(new MessageHeader("X-Request-Id", "r1"),
                new MessageHeader("ce_id", "forged"), new MessageHeader("CE_TYPE", "forged"),
                new MessageHeader("ce-id", "from the HTTP binding"), new MessageHeader("Content-Type", "text/plain"),
                new MessageHeader("kgate-user", "root"));
        assertEquals(List.of(new MessageHeader("X-Request-Id", "r1"), new MessageHeader("kgate-user", "root"),
                        new MessageHeader("ce_specversion", "1.0"), new MessageHeader("ce_id", "real"),
                        new MessageHeader("content-type", "application/json")),
                CloudEventHeaders.recordHeaders(forwarded, "kgate-user", EVENT));
    }

    @Test
    void theGatewaysOwnHeaderIsKeptAndAnEventMayNotSetIt() throws Exception {
        List<MessageHeader> forwarded = List.of(new MessageHeader("ce_writer", "root"));
        assertEquals(new MessageHeader("ce_writer", "root"),
                CloudEventHeaders.recordHeaders(forwarded, "ce_writer", EVENT).get(0));
        CloudEventRecord claims = new CloudEventRecord(new byte[0], null, false,
                List.of(new MessageHeader("ce_writer", "someone else")));
        InvalidCloudEventException e = assertThrows(InvalidCloudEventException.class,
                () -> CloudEventHeaders.recordHeaders(forwarded, "ce_writer", claims));
        assertTrue(e.getMessage().contains("'ce_writer', which the gateway sets itself"), e.getMessage());
    }

    @Test
    void attributesAreNamedAsTheKafkaBindingNamesThem() {
        assertEquals("ce_id", CloudEventHeaders.headerName("id"));
        assertEquals("ce_myext", CloudEventHeaders.headerName("myext"));
        assertEquals("content-type", CloudEventHeaders.headerName("datacontenttype"));
    }
}
