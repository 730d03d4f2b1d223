package dev.kgate.connect.value.protobuf;

import com.google.protobuf.Descriptors.Descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The descriptor sets bin/protobuf-descriptors builds from src/test/proto, as resources. */
public final class TestDescriptors {

    private TestDescriptors() {
    }

    public static byte[] set(String file) {
        try (InputStream in = TestDescriptors.class.getResourceAsStream("/protobuf/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource protobuf/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Descriptor type(String file, String fullName) {
        return DescriptorSets.messageType(set(file), fullName);
    }
}
