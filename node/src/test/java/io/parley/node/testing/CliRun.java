package io.parley.node.testing;

import io.parley.node.cli.ParleyCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a {@code parley} command line in this JVM and captures what it prints. */
public record CliRun(int exit, String output) {
  /** Runs {@code args} with standard output and error captured together. */
  public static synchronized CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    try {
      PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      int exit = ParleyCommand.execute(args);
      return new CliRun(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
