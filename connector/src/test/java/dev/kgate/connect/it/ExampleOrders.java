package dev.kgate.connect.it;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.kgate.connect.value.protobuf.DescriptorSets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Messages of the example protobuf station's type, {@code shop.v1.Order} (config/protobuf/orders.proto). */
final class ExampleOrders {

    static final Path DESCRIPTOR_SET = Path.of("..", "config", "protobuf", "orders.desc").toAbsolutePath();
    static final Descriptor ORDER = load();
    static final Instant PLACED = Instant.parse("2026-12-01T10:00:00Z");

    private ExampleOrders() {
    }

    private static Descriptor load() {
        try {
            return DescriptorSets.messageType(Files.readAllBytes(DESCRIPTOR_SET), "shop.v1.Order");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Order {@code id} for ada, placed {@link #PLACED}, one line of 2 × A-1, tagged channel=web, paid by card. */
    static DynamicMessage order(long id) {
        Descriptor line = ORDER.findFieldByName("lines").getMessageType();
        Descriptor timestamp = ORDER.findFieldByName("placed").getMessageType();
        Descriptor tags = ORDER.findFieldByName("tags").getMessageType();
        return DynamicMessage.newBuilder(ORDER)
                .setField(field(ORDER, "id"), id)
                .setField(field(ORDER, "customer"), "ada")
                .setField(field(ORDER, "placed"), DynamicMessage.newBuilder(timestamp)
                        .setField(field(timestamp, "seconds"), PLACED.getEpochSecond()).build())
                .addRepeatedField(field(ORDER, "lines"), DynamicMessage.newBuilder(line)
                        .setField(field(line, "sku"), "A-1").setField(field(line, "qty"), 2).build())
                .setField(field(ORDER, "status"), ORDER.getFile().findEnumTypeByName("Status")
                        .findValueByName("PLACED"))
                .addRepeatedField(field(ORDER, "tags"), DynamicMessage.newBuilder(tags)
                        .setField(field(tags, "key"), "channel").setField(field(tags, "value"), "web").build())
                .setField(field(ORDER, "card"), "4111")
                .build();
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        return type.findFieldByName(name);
    }
}
