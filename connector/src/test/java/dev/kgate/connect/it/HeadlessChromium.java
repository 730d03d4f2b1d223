package dev.kgate.connect.it;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's Chromium through its chromedriver, headless, with the browser's console log kept for the test to read
 * ({@code .ci/run} installs both). A missing browser fails the test, it does not skip it: CI installs it, so a
 * missing one is a broken setup. {@code -Dwebdriver.chrome.driver=...} and {@code -Dkgate.it.chromium=...} point
 * it at another driver and browser.
 */
final class HeadlessChromium {

    private static final String DRIVER_PROPERTY = "webdriver.chrome.driver";
    private static final String BROWSER_PROPERTY = "kgate.it.chromium";

    private HeadlessChromium() {
    }

    static ChromeDriver start() {
        String driver = System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver");
        String chromium = System.getProperty(BROWSER_PROPERTY, "/usr/bin/chromium");
        for (String executable : List.of(driver, chromium)) {
            if (!Files.isExecutable(Path.of(executable))) {
                fail(executable + " not found: the browser tests drive Chromium through chromedriver. Install both"
                        + " with 'apt-get install chromium chromium-driver' (.ci/run does), or point -D"
                        + DRIVER_PROPERTY + " and -D" + BROWSER_PROPERTY + " at yours");
            }
        }
        // With the driver named, Selenium Manager never runs (it would look for a driver on the network).
        System.setProperty(DRIVER_PROPERTY, driver);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriver chrome = new ChromeDriver(
                new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build(), options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return chrome;
    }
}
