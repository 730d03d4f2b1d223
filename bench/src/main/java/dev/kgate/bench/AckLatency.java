package dev.kgate.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.Set;

/**
 * Reads the gateway's own measure of the time from a message's receipt to Kafka's acknowledgement: the tasks' plugin
 * metrics {@code ack-latency-p50}, {@code -p99}, {@code -p999}, {@code -avg}, {@code -max} and {@code ack-rate}
 * (README, Metrics), from the JMX of the JVM that runs the Connect worker, attached to by its process id (no JMX port
 * needed). They cover the worker's metrics window ({@code metrics.sample.window.ms} x {@code metrics.num.samples};
 * bench/run sets 5 s x 2, so a read at the end of a run covers its last 5 to 10 s). Prints one RESULT line; with
 * several tasks, the percentiles and the maximum are the highest task's, the average is weighted by each task's ack
 * rate.
 *
 * <p>Usage: {@code AckLatency <pid> <connector name>}
 */
public final class AckLatency {

    private AckLatency() {
    }

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            Set<ObjectName> tasks = jmx.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
                    + ObjectName.quote(args[1]) + ",task=*"), null);
            if (tasks.isEmpty()) {
                tasks = jmx.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + args[1]
                        + ",task=*"), null);
            }
            double p50 = 0;
            double p99 = 0;
            double p999 = 0;
            double max = 0;
            double weighted = 0;
            double rate = 0;
            for (ObjectName task : tasks) {
                double taskRate = number(jmx, task, "ack-rate");
                p50 = Math.max(p50, number(jmx, task, "ack-latency-p50"));
                p99 = Math.max(p99, number(jmx, task, "ack-latency-p99"));
                p999 = Math.max(p999, number(jmx, task, "ack-latency-p999"));
                max = Math.max(max, number(jmx, task, "ack-latency-max"));
                weighted += taskRate * number(jmx, task, "ack-latency-avg");
                rate += taskRate;
            }
            System.out.printf("RESULT tasks=%d ack_rate=%.0f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f avg_ms=%.2f"
                    + " max_ms=%.2f%n",
                    tasks.size(), rate, p50, p99, p999, rate > 0 ? weighted / rate : 0, max);
        }
    }

    /** NaN (no sample in the window) reads as 0. */
    private static double number(MBeanServerConnection jmx, ObjectName name, String attribute) throws Exception {
        Object value = jmx.getAttribute(name, attribute);
        double number = value instanceof Number n ? n.doubleValue() : 0;
        return Double.isNaN(number) || Double.isInfinite(number) ? 0 : number;
    }
}
