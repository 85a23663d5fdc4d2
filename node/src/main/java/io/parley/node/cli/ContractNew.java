package io.parley.node.cli;

import io.parley.contracts.lang.Lexer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley contract new NAME}: a Maven project for one contract, outside this repository: the
 * contract source, a JUnit 5 test on the contract test kit and a README (docs/tutorials/
 * contract-project.md). The pom pins the versions this build uses, so it builds offline from the
 * local repository {@code ./mvnw install} filled.
 */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description =
        "Create a contract project NAME/ (pom.xml, src/main/parley/NAME.par, a JUnit 5 test on the"
            + " contract test kit, README.md).")
final class ContractNew implements Callable<Integer> {
  /** Parley identifiers are at most 64 characters (docs/spec/language.md section 1). */
  static final int MAX_NAME_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final String TEMPLATES = "contract-project/";
  private static final String VERSIONS = "contract-project.properties";

  @Parameters(index = "0", paramLabel = "NAME", description = "Contract name, e.g. Counter.")
  String name;

  @Option(
      names = "--dir",
      paramLabel = "D",
      description = "Directory to create NAME/ in (default: the current directory).")
  Path dir = Path.of("");

  @Option(
      names = "--package",
      description = "Java package of the test (default: NAME in lower case).")
  String javaPackage;

  @Override
  public Integer call() {
    String pkg = javaPackage != null ? javaPackage : name.toLowerCase(Locale.ROOT);
    Path project = create(dir, name, pkg);
    System.out.println("created contract project " + project);
    for (String file : files(name, pkg).keySet()) {
      System.out.println("  " + file);
    }
    System.out.println(
        "next: cd "
            + project
            + " && mvn test (or <parley repository>/mvnw test; see README.md, which needs"
            + " ./mvnw install in the Parley repository first)");
    return 0;
  }

  /** Creates {@code dir/name} with the project's files; returns its path. */
  static Path create(Path dir, String name, String javaPackage) {
    checkName(name);
    checkPackage(javaPackage);
    Path project = dir.resolve(name).toAbsolutePath().normalize();
    if (Files.exists(project)) {
      throw new CliException(
          (Files.isDirectory(project) ? "directory " : "file ")
              + project
              + " already exists; choose another NAME or --dir");
    }
    Map<String, String> values = values(name, javaPackage);
    try {
      Files.createDirectories(project.getParent());
      Files.createDirectory(project);
      for (Map.Entry<String, String> file : files(name, javaPackage).entrySet()) {
        Path path = project.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, fill(template(file.getValue()), values), StandardCharsets.UTF_8);
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliException(e.getFile() + " already exists; choose another NAME or --dir");
    } catch (IOException e) {
      throw new CliException("cannot create " + project + ": " + e.getMessage());
    }
    return project;
  }

  /** A NAME is a Java class name and a Parley identifier at once. */
  static void checkName(String name) {
    String problem = null;
    if (name.isEmpty()) {
      problem = "it is empty";
    } else if (name.length() > MAX_NAME_LENGTH) {
      problem = "it is " + name.length() + " characters long, at most " + MAX_NAME_LENGTH;
    } else if (!NAME.matcher(name).matches()) {
      problem = "it must be a letter followed by ASCII letters, digits or '_'";
    } else if (SourceVersion.isKeyword(name)) {
      problem = "it is a Java keyword";
    } else if (Lexer.KEYWORDS.contains(name)) {
      problem = "it is a keyword of the Parley language";
    }
    if (problem != null) {
      throw new CliException("contract name '" + name + "' is not valid: " + problem);
    }
  }

  static void checkPackage(String javaPackage) {
    if (!SourceVersion.isName(javaPackage)) {
      throw new CliException(
          "'" + javaPackage + "' is not a valid Java package name; pass one with --package");
    }
  }

  /** Project files (relative path) to the template each is made from, in the order printed. */
  static Map<String, String> files(String name, String javaPackage) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", "pom.xml.tmpl");
    files.put("src/main/parley/" + name + ".par", "contract.par.tmpl");
    files.put(
        "src/test/java/" + javaPackage.replace('.', '/') + "/" + name + "Test.java",
        "test.java.tmpl");
    files.put("README.md", "README.md.tmpl");
    return files;
  }

  private static Map<String, String> values(String name, String javaPackage) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("NAME", name);
    values.put("PACKAGE", javaPackage);
    values.put("PACKAGE_PATH", javaPackage.replace('.', '/'));
    Properties versions = new Properties();
    try (InputStream in = ContractNew.class.getResourceAsStream(VERSIONS)) {
      if (in == null) {
        throw new IllegalStateException(VERSIONS + " is missing from the jar");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String key : versions.stringPropertyNames()) {
      values.put(key, versions.getProperty(key));
    }
    return values;
  }

  private static String template(String name) throws IOException {
    try (InputStream in = ContractNew.class.getResourceAsStream(TEMPLATES + name)) {
      if (in == null) {
        throw new IllegalStateException("template " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Replaces each {@code {{key}}}; a placeholder left without a value is a bug in a template. */
  static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      out = out.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    int left = out.indexOf("{{");
    if (left >= 0) {
      throw new IllegalStateException(
          "template placeholder without a value: "
              + out.substring(left, Math.min(out.length(), left + 40)));
    }
    return out;
  }
}
