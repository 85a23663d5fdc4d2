package io.parley.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** This repository as the tests see it: its root (found from the working directory) and pom. */
final class RepositoryBuild {
  private RepositoryBuild() {}

  /** The directory holding {@code mvnw} and the parent pom, searched upwards from user.dir. */
  static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path pom = d.resolve("pom.xml");
      if (Files.isRegularFile(d.resolve("mvnw"))
          && Files.isRegularFile(pom)
          && read(pom).contains("<artifactId>parley-parent</artifactId>")) {
        return d;
      }
    }
    throw new IllegalStateException("no Parley repository root above " + dir);
  }

  static String parentPom() {
    return read(root().resolve("pom.xml"));
  }

  /** The parent pom's {@code <version>} (the first one, the project's own). */
  static String projectVersion() {
    return first(Pattern.compile("<artifactId>parley-parent</artifactId>\\s*<version>([^<]+)<"));
  }

  static String parentProperty(String name) {
    return first(Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</"));
  }

  private static String first(Pattern pattern) {
    Matcher m = pattern.matcher(parentPom());
    if (!m.find()) {
      throw new IllegalStateException("parent pom has no match for " + pattern);
    }
    return m.group(1);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
