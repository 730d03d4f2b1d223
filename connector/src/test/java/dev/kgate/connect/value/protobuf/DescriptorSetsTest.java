package dev.kgate.connect.value.protobuf;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorSetsTest {

    @Test
    void findsTopLevelAndNestedTypesAcrossImports() {
        Descriptor shapes = TestDescriptors.type("kinds.desc", "test.kinds.Shapes");
        assertEquals("google.protobuf.Timestamp", shapes.findFieldByName("at").getMessageType().getFullName());
        assertEquals("test.legacy.Legacy", TestDescriptors.type("legacy.desc", "test.legacy.Legacy").getFullName());
    }

    @Test
    void suppliesTheWellKnownTypesASetLeftOut() throws Exception {
        byte[] set = TestDescriptors.set("kinds-without-imports.desc");
        assertEquals(1, FileDescriptorSet.parseFrom(set).getFileCount());
        Descriptor shapes = DescriptorSets.messageType(set, "test.kinds.Shapes");
        assertEquals("google.protobuf.Int64Value",
                shapes.findFieldByName("wrapped_long").getMessageType().getFullName());
    }

    @Test
    void namesWhatIsWrong() {
        String missing = assertThrows(IllegalArgumentException.class,
                () -> TestDescriptors.type("kinds.desc", "test.kinds.Nope")).getMessage();
        assertTrue(missing.startsWith("the descriptor set has no message type 'test.kinds.Nope'; it has "), missing);
        assertTrue(missing.contains("test.kinds.Scalars") && missing.contains("google.protobuf.Timestamp"), missing);
        assertTrue(!missing.contains("ByIdEntry"), "map entries are not message types of their own: " + missing);
        String notASet = assertThrows(IllegalArgumentException.class,
                () -> DescriptorSets.messageType("{\"type\": \"object\"}".getBytes(), "a.B")).getMessage();
        assertTrue(notASet.startsWith("not a descriptor set (protoc --include_imports"), notASet);
        assertEquals("the descriptor set holds no .proto file", assertThrows(IllegalArgumentException.class,
                () -> DescriptorSets.messageType(new byte[0], "a.B")).getMessage());
    }

    @Test
    void aSetMissingAnImportOfItsOwnIsRefused() throws Exception {
        FileDescriptorSet full = FileDescriptorSet.parseFrom(TestDescriptors.set("kinds.desc"));
        // kinds.proto alone, and an importer of it without it.
        FileDescriptorSet withoutKinds = FileDescriptorSet.newBuilder()
                .addFile(full.getFileList().stream().filter(f -> f.getName().equals("kinds.proto")).findFirst()
                        .orElseThrow().toBuilder().setName("more.proto").clearDependency()
                        .addDependency("kinds.proto").clearMessageType().clearEnumType())
                .build();
        String message = assertThrows(IllegalArgumentException.class,
                () -> DescriptorSets.messageType(withoutKinds.toByteArray(), "test.kinds.Shapes")).getMessage();
        assertEquals("the descriptor set lacks kinds.proto, which more.proto imports: build it with protoc"
                + " --include_imports", message);
    }
}
