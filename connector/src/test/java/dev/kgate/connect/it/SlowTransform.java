package dev.kgate.connect.it;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/** A test transform that holds up the task's send loop, so that its queue fills up behind it. */
public class SlowTransform implements Transformation<SourceRecord> {

    private long sleepMs;

    @Override
    public void configure(Map<String, ?> configs) {
        sleepMs = Long.parseLong(String.valueOf(configs.get("sleep.ms")));
    }

    @Override
    public SourceRecord apply(SourceRecord record) {
        try {
            Thread.sleep(sleepMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define("sleep.ms", ConfigDef.Type.LONG, ConfigDef.Importance.LOW, "sleep per record");
    }

    @Override
    public void close() {
    }
}
