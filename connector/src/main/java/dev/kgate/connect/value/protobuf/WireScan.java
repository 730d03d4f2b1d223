package dev.kgate.connect.value.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import dev.kgate.connect.value.ValueRefusal;

import java.io.IOException;

/**
 * Reads a message's wire format against its type before anything is built, so that a hostile body cannot make the
 * parse build millions of objects on an I/O thread: it counts the values (fields, list elements, packed numbers,
 * unknown fields) and refuses a message of more than {@link #MAX_VALUES}. For a structured value ({@code strict})
 * it also refuses the first field number the type does not declare and the first enum number its enum does not
 * name, at any depth (map entries included), since a struct cannot hold those. Groups (proto2) are skipped whole.
 */
final class WireScan {

    /** What one message may hold: at ~50 heap bytes per parsed value, about 50 MB while it is checked. */
    static final int MAX_VALUES = 1_000_000;
    /** protobuf-java's own default nesting limit. */
    private static final int MAX_DEPTH = 100;

    private final CodedInputStream in;
    private final boolean strict;
    private long values;

    private WireScan(byte[] message, boolean strict) {
        this.in = CodedInputStream.newInstance(message);
        this.strict = strict;
    }

    /**
     * @param strict refuse fields the type does not declare and enum numbers it does not name
     * @throws ValueRefusal naming what is refused, and where
     * @throws IOException  when the bytes are not a well-formed message
     */
    static void check(Descriptor type, byte[] message, boolean strict) throws IOException {
        WireScan scan = new WireScan(message, strict);
        scan.message(type, 0);
        scan.in.checkLastTagWas(0);
    }

    private void message(Descriptor type, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new ValueRefusal("messages nest deeper than " + MAX_DEPTH);
        }
        int tag;
        while ((tag = in.readTag()) != 0) {
            count(1);
            int number = WireFormat.getTagFieldNumber(tag);
            FieldDescriptor field = type.findFieldByNumber(number);
            if (field == null) {
                if (strict) {
                    throw new ValueRefusal("field number " + number + " is not in " + type.getFullName() + ", and a"
                            + " structured value keeps only the declared fields");
                }
                in.skipField(tag);
                continue;
            }
            int wireType = WireFormat.getTagWireType(tag);
            if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED || field.getType() == FieldDescriptor.Type.STRING
                    || field.getType() == FieldDescriptor.Type.BYTES) {
                if (strict && wireType == WireFormat.WIRETYPE_VARINT
                        && field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                    requireNamed(field, in.readEnum());
                } else {
                    in.skipField(tag);
                }
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            try {
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    message(field.getMessageType(), depth + 1);
                } else {
                    packed(field);
                }
            } catch (ValueRefusal refusal) {
                throw refusal.under(field.getName());
            }
            in.popLimit(limit);
        }
    }

    /** A packed run of numbers: each is a value of its own once parsed. */
    private void packed(FieldDescriptor field) throws IOException {
        while (in.getBytesUntilLimit() > 0) {
            count(1);
            switch (field.getType()) {
                case FIXED32, SFIXED32, FLOAT -> in.skipRawBytes(4);
                case FIXED64, SFIXED64, DOUBLE -> in.skipRawBytes(8);
                case ENUM -> {
                    int number = in.readEnum();
                    if (strict) {
                        requireNamed(field, number);
                    }
                }
                default -> in.readRawVarint64();
            }
        }
    }

    private void count(int more) {
        values += more;
        if (values > MAX_VALUES) {
            throw new ValueRefusal("the message holds more than " + MAX_VALUES + " values");
        }
    }

    private static void requireNamed(FieldDescriptor field, int number) {
        if (field.getEnumType().findValueByNumber(number) == null) {
            throw new ValueRefusal(number + " is not a value of enum " + field.getEnumType().getFullName())
                    .under(field.getName());
        }
    }
}
