package dev.kgate.stack;

/** The local stack's ports, each overridable with a system property (-Dkgate.kafka.port=...). */
record StackPorts(int kafka, int controller, int connect, int gateway) {

    static StackPorts fromSystemProperties() {
        return new StackPorts(
                Integer.getInteger("kgate.kafka.port", 9092),
                Integer.getInteger("kgate.controller.port", 9093),
                Integer.getInteger("kgate.connect.port", 8083),
                Integer.getInteger("kgate.gateway.port", 4444));
    }
}
