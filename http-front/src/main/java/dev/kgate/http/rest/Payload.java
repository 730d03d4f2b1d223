package dev.kgate.http.rest;

import dev.kgate.http.ingest.MessageHeader;

import java.util.List;

/**
 * What one record is made of, whatever wrapped it: its value's bytes, their format, and its headers. A plain body is
 * written as sent with the forwarded request headers; a CloudEvent is written as its data, with its attributes as
 * headers too.
 *
 * @param event whether the payload is a CloudEvent's data
 */
record Payload(byte[] value, PayloadFormat format, List<MessageHeader> headers, boolean event) {
}
