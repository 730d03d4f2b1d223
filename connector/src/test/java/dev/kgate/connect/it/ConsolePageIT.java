package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.convert.KafkaSerdeConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console page ({@code http.console.enabled}) in a real browser, served by the gateway itself, with users on: a
 * wrong password is refused on the page, the right one logs in; the page watches a topic over {@code /socket/out}
 * and posts to it, each answer on the page says where Kafka put the record, each record shows up in the watch list
 * as it arrives, and the records are in Kafka. No console error (a Content-Security-Policy violation would be one).
 * The screenshot goes to {@code target/console.png}, or where {@code -Dkgate.it.console.screenshot} says (the
 * README's {@code docs/console.png} comes from here).
 */
@ExtendWith(SharedGatewayCluster.class)
class ConsolePageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOPIC = "console-orders";
    private static final List<String> MESSAGES = List.of(
            "{\"order\": 1041, \"item\": \"espresso\", \"quantity\": 2}",
            "{\"order\": 1042, \"item\": \"croissant\", \"quantity\": 1}",
            "{\"order\": 1043, \"item\": \"flat white\", \"quantity\": 3}");

    private static ChromeDriver browser;
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        browser = HeadlessChromium.start(); // first: a missing browser fails at once, before a connector is started
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.withSeedUser(GatewayCluster.connectorConfig(port, 1, "console-.*"));
        props.put("http.console.enabled", "true");
        props.put("out.topics.allowed.regex", "console-.*");
        // The console reads in a group of its own, named kgate-console-<random>.
        props.put("access.grants", "root=write:console-*,root=read:console-*,root=group:kgate-console-*");
        props.put("key.converter", KafkaSerdeConverter.class.getName());
        props.put("value.converter", KafkaSerdeConverter.class.getName());
        cluster.startConnector("console", props, 1);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theConsoleLogsInWatchesATopicAndPostsToIt() throws Exception {
        cluster.connect.kafka().createTopic(TOPIC, 1);
        // The page's own size, whatever the headless window's frame takes: the screenshot is 1000x700.
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1000, "height", 700, "deviceScaleFactor", 1, "mobile", false));
        browser.get("http://127.0.0.1:" + port + "/console/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertFalse(browser.findElement(By.id("post")).isEnabled(), "no posting before logging in");
        logIn("root", "not-the-password");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-result"), "401"));
        logIn("root", "memphis");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session"), "Logged in as root"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login-form")));

        type("topic", TOPIC);
        new Select(browser.findElement(By.id("from"))).selectByValue("earliest");
        browser.findElement(By.id("watch")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("watch-status"), "data-state", "open"));

        type("station", TOPIC);
        List<JsonNode> answers = new ArrayList<>();
        for (String message : MESSAGES) {
            type("message", message);
            browser.findElement(By.id("post")).click();
            WebElement answer = browser.findElement(By.id("post-answer"));
            wait.until(ExpectedConditions.textToBePresentInElement(answer, "\"offset\": " + answers.size()));
            String shown = answer.getText();
            assertTrue(shown.startsWith("200"), shown);
            JsonNode ack = JSON.readTree(shown.substring(shown.indexOf('\n') + 1));
            assertEquals(TOPIC, ack.get("topic").asText(), shown);
            answers.add(ack);

            // The record arrives on the page, newest first, from Kafka.
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#records li"), answers.size()));
            WebElement newest = browser.findElement(By.cssSelector("#records li"));
            assertEquals(message, newest.findElement(By.className("value")).getText());
            assertEquals(ack.get("partition").asText(), newest.getDomAttribute("data-partition"));
            assertEquals(ack.get("offset").asText(), newest.getDomAttribute("data-offset"));
        }
        assertEquals(MESSAGES, cluster.landedInOrder(TOPIC));

        Path screenshot = Path.of(System.getProperty("kgate.it.console.screenshot", "target/console.png"));
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // The wrong password's 401, which Chromium logs as a resource that failed to load.
                .filter(message -> !message.contains("/auth/authenticate - Failed to load resource"))
                .toList();
        assertEquals(List.of(), errors);
    }

    private static void logIn(String username, String password) {
        type("username", username);
        type("password", password);
        browser.findElement(By.id("login")).click();
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
