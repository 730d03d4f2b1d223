package dev.kgate.connect.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's version, from a properties file Maven filters at build time. */
public final class Version {

    private static final Logger log = LoggerFactory.getLogger(Version.class);
    private static final String PATH = "/kgate-connector-version.properties";
    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(PATH)) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown").trim();
        } catch (IOException e) {
            log.warn("Cannot read the plugin version from {}", PATH, e);
            return "unknown";
        }
    }
}
