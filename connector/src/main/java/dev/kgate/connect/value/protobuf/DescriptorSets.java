package dev.kgate.connect.value.protobuf;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds a message type in a descriptor set, the file {@code protoc --include_imports --descriptor_set_out=F} writes:
 * the form in which a station gets its {@code .proto} files without a compiler at run time.
 */
public final class DescriptorSets {

    /** The well-known types protobuf-java carries: a set built without --include_imports may leave them out. */
    private static final Map<String, FileDescriptor> WELL_KNOWN = Stream.of(AnyProto.getDescriptor(),
                    DurationProto.getDescriptor(), EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(),
                    StructProto.getDescriptor(), TimestampProto.getDescriptor(), WrappersProto.getDescriptor())
            .collect(Collectors.toMap(FileDescriptor::getName, Function.identity()));

    private static final int NAMES_LISTED = 20;

    private DescriptorSets() {
    }

    /**
     * @param set      the descriptor set's bytes
     * @param fullName the message type, e.g. {@code shop.v1.Order} (nested types as {@code shop.v1.Order.Line})
     * @throws IllegalArgumentException when the bytes are not a descriptor set, a file it needs is missing or
     *                                  invalid, or it has no such message type (naming those it has)
     */
    public static Descriptor messageType(byte[] set, String fullName) {
        FileDescriptorSet files;
        try {
            files = FileDescriptorSet.parseFrom(set);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a descriptor set (protoc --include_imports"
                    + " --descriptor_set_out=FILE): " + e.getMessage(), e);
        }
        if (files.getFileCount() == 0) {
            throw new IllegalArgumentException("the descriptor set holds no .proto file");
        }
        Map<String, FileDescriptorProto> byName = files.getFileList().stream()
                .collect(Collectors.toMap(FileDescriptorProto::getName, Function.identity(), (a, b) -> a));
        Map<String, FileDescriptor> built = new HashMap<>();
        List<Descriptor> types = new ArrayList<>();
        for (FileDescriptorProto file : files.getFileList()) {
            collect(build(file.getName(), null, byName, built, new LinkedHashSet<>()).getMessageTypes(), types);
        }
        // The station's own types before the well-known ones its files import.
        types.sort(Comparator.comparing((Descriptor t) -> t.getFullName().startsWith("google.protobuf.")));
        return types.stream().filter(t -> t.getFullName().equals(fullName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the descriptor set has no message type '" + fullName
                        + "'; it has " + types.stream().map(Descriptor::getFullName).limit(NAMES_LISTED)
                        .collect(Collectors.joining(", ")) + (types.size() > NAMES_LISTED ? ", ..." : "")));
    }

    private static FileDescriptor build(String name, String importer, Map<String, FileDescriptorProto> byName,
                                        Map<String, FileDescriptor> built, Set<String> building) {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = byName.get(name);
        if (proto == null) {
            FileDescriptor wellKnown = WELL_KNOWN.get(name);
            if (wellKnown == null) {
                throw new IllegalArgumentException("the descriptor set lacks " + name + ", which " + importer
                        + " imports: build it with protoc --include_imports");
            }
            return wellKnown;
        }
        if (!building.add(name)) {
            throw new IllegalArgumentException("the descriptor set's imports go round in a circle: "
                    + String.join(" -> ", building) + " -> " + name);
        }
        FileDescriptor[] dependencies = proto.getDependencyList().stream()
                .map(dependency -> build(dependency, name, byName, built, building)).toArray(FileDescriptor[]::new);
        building.remove(name);
        try {
            FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies);
            built.put(name, file);
            return file;
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException("the descriptor set's " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    private static void collect(List<Descriptor> types, List<Descriptor> into) {
        for (Descriptor type : types) {
            if (!type.getOptions().getMapEntry()) {
                into.add(type);
                collect(type.getNestedTypes(), into);
            }
        }
    }
}
