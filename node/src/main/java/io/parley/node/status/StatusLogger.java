package io.parley.node.status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place for operator-facing status lines. */
public final class StatusLogger {
  private static final Logger LOG = LoggerFactory.getLogger("parley.status");

  private StatusLogger() {}

  public static void info(String format, Object... args) {
    LOG.info(format, args);
  }

  public static void warn(String format, Object... args) {
    LOG.warn(format, args);
  }

  public static void error(String format, Object... args) {
    LOG.error(format, args);
  }
}
