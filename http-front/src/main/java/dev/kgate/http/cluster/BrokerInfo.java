package dev.kgate.http.cluster;

/** One broker, in the shape {@code /kafka/cluster/info} answers with. */
public record BrokerInfo(int id, String host, int port, String rack) {
}
