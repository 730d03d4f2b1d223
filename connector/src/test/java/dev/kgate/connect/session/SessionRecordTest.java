package dev.kgate.connect.session;

import dev.kgate.http.ws.SocketSessions.Claim;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SessionRecordTest {

    @Test
    void aClaimReadsBackAsWritten() {
        Claim claim = Claim.producer("c", "i1");
        assertEquals(claim, SessionRecord.fromJson(SessionRecord.of(claim).toJson()).claim());
    }

    @Test
    void aValueWithoutClientIdOrNotJsonIsIgnored() {
        // Anyone who can write the sessions topic could write these: neither may stop the worker's reader.
        assertNull(SessionRecord.fromJson("{}"));
        assertNull(SessionRecord.fromJson("{\"instanceId\":\"i\"}"));
        assertNull(SessionRecord.fromJson("null"));
        assertNull(SessionRecord.fromJson("not json"));
    }
}
