package io.parley.node.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium} driven through its {@code chromium-driver}, headless, with a fresh
 * profile and no network of its own beyond what a page asks for. Selenium is given both paths, so
 * it never looks for (or downloads) a browser or driver of its own.
 */
public final class HeadlessChromium {
  private static final List<Path> BROWSERS =
      List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/lib/chromium/chromium"));
  private static final List<Path> DRIVERS =
      List.of(Path.of("/usr/bin/chromedriver"), Path.of("/usr/lib/chromium/chromedriver"));

  private HeadlessChromium() {}

  private static Optional<Path> first(List<Path> candidates) {
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** Skips the calling test, saying why, on a machine without Chromium and its driver. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        first(BROWSERS).isPresent() && first(DRIVERS).isPresent(),
        "browser test skipped: headless Chromium is not installed (need "
            + BROWSERS.get(0)
            + " and "
            + DRIVERS.get(0)
            + "; `apt-get install chromium chromium-driver`, which `bash .ci/run` does when it"
            + " runs as root or with sudo)");
  }

  /** A new headless browser whose profile lives in {@code profile}. */
  public static ChromeDriver start(Path profile, Path driverLog) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(first(BROWSERS).orElseThrow().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1600",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(first(DRIVERS).orElseThrow().toFile())
            .usingAnyFreePort()
            .withLogFile(driverLog.toFile())
            .build();
    return new ChromeDriver(service, options);
  }
}
