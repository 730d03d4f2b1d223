package dev.kgate.connect.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.ws.SocketSessions;

/** One socket's claim as written to the sessions topic (its key is the claim's id; a tombstone gives it back). */
record SessionRecord(String clientId, String instanceId, String groupId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SessionRecord of(SocketSessions.Claim claim) {
        return new SessionRecord(claim.clientId(), claim.instanceId(), claim.groupId());
    }

    SocketSessions.Claim claim() {
        return new SocketSessions.Claim(clientId, instanceId, groupId);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a session record", e);
        }
    }

    /** @return null for a value this version cannot read (it is then ignored, not fatal) */
    static SessionRecord fromJson(String json) {
        try {
            SessionRecord record = JSON.readValue(json, SessionRecord.class);
            return record == null || record.clientId() == null ? null : record;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
