package dev.kgate.http.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the JSON documents posted to a station into the structured values its records carry. The connector
 * provides one per station whose value mode needs it; it runs where the request is checked, so a document that
 * cannot become such a value is refused to its client like any other invalid message.
 */
public interface JsonValueMapper {

    /**
     * @param document  the document, numbers read exactly (BigDecimal, BigInteger where needed)
     * @param textBytes the size of the document's JSON text, for the value's size estimate
     * @throws IllegalArgumentException naming the part of the document that does not fit, and why
     */
    StructuredValue map(JsonNode document, int textBytes);
}
