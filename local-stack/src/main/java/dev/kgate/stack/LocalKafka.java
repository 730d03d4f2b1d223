package dev.kgate.stack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A single KRaft node (broker and controller) keeping its data in a local folder, reused on the next start. */
final class LocalKafka {

    private final KafkaRaftServer server;

    private LocalKafka(KafkaRaftServer server) {
        this.server = server;
    }

    static LocalKafka start(Path dataDir, StackPorts ports) throws IOException {
        Files.createDirectories(dataDir);
        Properties props = brokerProperties(dataDir, ports);
        Path propsFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "written by the kgate local stack");
        }
        format(dataDir, propsFile);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return new LocalKafka(server);
    }

    private static Properties brokerProperties(Path dataDir, StackPorts ports) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + ports.controller());
        String listeners = "PLAINTEXT://localhost:" + ports.kafka() + ",CONTROLLER://localhost:" + ports.controller();
        String advertised = "PLAINTEXT://localhost:" + ports.kafka();
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        // Optionally a second listener that advertises another port (bench/faults puts a TCP proxy there): clients
        // bootstrapping from it learn the proxy's address from metadata, so all their traffic goes through it.
        Integer proxied = Integer.getInteger("kgate.kafka.proxied.port");
        Integer proxy = Integer.getInteger("kgate.kafka.proxied.advertised.port");
        if (proxied != null && proxy != null) {
            listeners += ",PROXIED://localhost:" + proxied;
            advertised += ",PROXIED://localhost:" + proxy;
            protocols += ",PROXIED:PLAINTEXT";
        }
        props.put("listeners", listeners);
        props.put("advertised.listeners", advertised);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", protocols);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("logs").toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    /** Formats the storage once; a second start finds it formatted and keeps the data. */
    private static void format(Path dataDir, Path propsFile) throws IOException {
        Path clusterIdFile = dataDir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int code = StorageTool.execute(new String[]{"format", "--ignore-formatted", "-t", clusterId,
                "-c", propsFile.toString()}, quiet);
        if (code != 0) {
            throw new IllegalStateException("Formatting the KRaft storage in " + dataDir + " failed (exit " + code
                    + "); delete the folder to start afresh");
        }
    }

    void stop() {
        server.shutdown();
        server.awaitShutdown();
    }
}
