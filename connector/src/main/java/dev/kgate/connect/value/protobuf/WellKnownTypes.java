package dev.kgate.connect.value.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import java.util.Set;

/**
 * The well-known message types that stand for a plain value: {@code google.protobuf.Timestamp} (Connect's
 * Timestamp) and the wrappers ({@code google.protobuf.Int64Value}...: their {@code value}, optional). Every other
 * message, well-known or not, is a struct of its fields.
 */
final class WellKnownTypes {

    static final String TIMESTAMP = "google.protobuf.Timestamp";

    private static final Set<String> WRAPPERS = Set.of("google.protobuf.DoubleValue", "google.protobuf.FloatValue",
            "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.Int32Value",
            "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
            "google.protobuf.BytesValue");

    private WellKnownTypes() {
    }

    static boolean timestamp(Descriptor type) {
        return TIMESTAMP.equals(type.getFullName());
    }

    /** @return the wrapper's {@code value} field, or null when the type is not a wrapper */
    static FieldDescriptor wrapped(Descriptor type) {
        return WRAPPERS.contains(type.getFullName()) ? type.findFieldByNumber(1) : null;
    }
}
