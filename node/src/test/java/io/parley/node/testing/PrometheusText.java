package io.parley.node.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every sample must
 * belong to a family declared by a {@code # TYPE} line before it, names and label names must be
 * valid, label values must be properly quoted and escaped, values must be numbers, and no series
 * may appear twice. Anything else throws {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One series' value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its {@code # TYPE} and {@code # HELP} lines and its samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {

    /** The value of the sample called {@code sampleName} with exactly these labels. */
    public Optional<Double> value(String sampleName, Map<String, String> labels) {
      return samples.stream()
          .filter(s -> s.name().equals(sampleName) && s.labels().equals(labels))
          .map(Sample::value)
          .findFirst();
    }
  }

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The family a sample called {@code sampleName} belongs to. */
  public Family familyOf(String sampleName) {
    return families.values().stream()
        .filter(f -> belongs(sampleName, f))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no family holds samples named " + sampleName));
  }

  /** The value of the unlabelled sample {@code sampleName}. */
  public double value(String sampleName) {
    return value(sampleName, Map.of());
  }

  /** The value of {@code sampleName} with exactly {@code labels}. */
  public double value(String sampleName, Map<String, String> labels) {
    return familyOf(sampleName)
        .value(sampleName, labels)
        .orElseThrow(() -> new AssertionError("no sample " + sampleName + labels));
  }

  /** Every sample of every family. */
  public List<Sample> samples() {
    return families.values().stream().flatMap(f -> f.samples().stream()).toList();
  }

  public static PrometheusText parse(String text) {
    Map<String, String> help = new LinkedHashMap<>();
    Map<String, Family> families = new LinkedHashMap<>();
    Set<String> seriesSeen = new java.util.HashSet<>();
    String[] lines = text.split("\n", -1);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a line feed");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      int number = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        help.put(name(parts[0], number), parts.length > 1 ? parts[1] : "");
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        if (parts.length != 2 || !TYPES.contains(parts[1])) {
          throw new IllegalArgumentException("line " + number + ": bad TYPE line: " + line);
        }
        String name = name(parts[0], number);
        if (families.containsKey(name)) {
          throw new IllegalArgumentException("line " + number + ": family " + name + " twice");
        }
        families.put(
            name, new Family(name, parts[1], help.getOrDefault(name, ""), new ArrayList<>()));
      } else if (line.startsWith("#")) {
        continue; // a comment
      } else {
        Sample sample = sample(line, number);
        Family family =
            families.values().stream()
                .filter(f -> belongs(sample.name(), f))
                .reduce((first, second) -> second)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "line " + number + ": sample of no declared family: " + line));
        if (!seriesSeen.add(sample.name() + sample.labels())) {
          throw new IllegalArgumentException("line " + number + ": duplicate series: " + line);
        }
        family.samples().add(sample);
      }
    }
    Map<String, Family> frozen = new LinkedHashMap<>();
    families.forEach(
        (name, f) ->
            frozen.put(
                name,
                new Family(name, f.type(), help.getOrDefault(name, ""), List.copyOf(f.samples()))));
    return new PrometheusText(frozen);
  }

  private static boolean belongs(String sampleName, Family family) {
    String base = family.name();
    return switch (family.type()) {
      case "histogram" ->
          sampleName.equals(base + "_bucket")
              || sampleName.equals(base + "_sum")
              || sampleName.equals(base + "_count");
      case "summary" ->
          sampleName.equals(base)
              || sampleName.equals(base + "_sum")
              || sampleName.equals(base + "_count");
      case "counter" -> sampleName.equals(base) || sampleName.equals(base + "_total");
      default -> sampleName.equals(base);
    };
  }

  private static String name(String candidate, int line) {
    if (!NAME.matcher(candidate).matches()) {
      throw new IllegalArgumentException("line " + line + ": bad metric name '" + candidate + "'");
    }
    return candidate;
  }

  private static Sample sample(String line, int number) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    String rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = name(line.substring(0, brace), number);
      int end = labels(line, brace + 1, labels, number);
      rest = line.substring(end + 1);
    } else {
      if (space < 0) {
        throw new IllegalArgumentException("line " + number + ": sample without value: " + line);
      }
      name = name(line.substring(0, space), number);
      rest = line.substring(space);
    }
    if (!rest.startsWith(" ")) {
      throw new IllegalArgumentException("line " + number + ": no space before the value");
    }
    String[] valueAndTime = rest.trim().split(" ");
    if (valueAndTime.length > 2) {
      throw new IllegalArgumentException("line " + number + ": trailing text: " + line);
    }
    return new Sample(name, Map.copyOf(labels), number(valueAndTime[0], number));
  }

  /** Parses {@code a="x",b="y"} from {@code start}; returns the index of the closing brace. */
  private static int labels(String line, int start, Map<String, String> labels, int number) {
    int i = start;
    while (i < line.length() && line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
        throw new IllegalArgumentException("line " + number + ": bad label in " + line);
      }
      String labelName = line.substring(i, equals);
      if (!LABEL_NAME.matcher(labelName).matches()) {
        throw new IllegalArgumentException("line " + number + ": bad label name " + labelName);
      }
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      for (; j < line.length() && line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\') {
          char escaped = j + 1 < line.length() ? line.charAt(++j) : ' ';
          value.append(
              switch (escaped) {
                case '\\' -> '\\';
                case '"' -> '"';
                case 'n' -> '\n';
                default ->
                    throw new IllegalArgumentException(
                        "line " + number + ": bad escape \\" + escaped);
              });
        } else {
          value.append(c);
        }
      }
      if (j >= line.length()) {
        throw new IllegalArgumentException("line " + number + ": unterminated label value");
      }
      if (labels.put(labelName, value.toString()) != null) {
        throw new IllegalArgumentException("line " + number + ": label " + labelName + " twice");
      }
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    if (i >= line.length()) {
      throw new IllegalArgumentException("line " + number + ": unterminated label set");
    }
    return i;
  }

  private static double number(String text, int line) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + line + ": bad value " + text);
        }
      }
    };
  }
}
