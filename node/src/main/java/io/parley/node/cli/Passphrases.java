package io.parley.node.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a passphrase from a file or, without echo, from the terminal. */
final class Passphrases {
  private Passphrases() {}

  static char[] read(Path file, boolean confirm) {
    if (file != null) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String firstLine = text.lines().findFirst().orElse("");
        if (firstLine.isEmpty()) {
          throw new CliException("password file " + file + " is empty");
        }
        return firstLine.toCharArray();
      } catch (IOException e) {
        throw new CliException("cannot read password file " + file + ": " + e.getMessage());
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException("no terminal to ask for a passphrase; pass --password-file");
    }
    char[] passphrase = console.readPassword("Passphrase: ");
    if (passphrase == null || passphrase.length == 0) {
      throw new CliException("empty passphrase");
    }
    if (confirm) {
      char[] again = console.readPassword("Repeat passphrase: ");
      if (!Arrays.equals(passphrase, again)) {
        throw new CliException("the passphrases differ");
      }
    }
    return passphrase;
  }
}
