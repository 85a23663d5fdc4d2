package io.parley.mpc.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Starts benchmark members as separate JVMs on this machine (same class path, {@code --member=i}
 * plus the shared arguments) and collects the {@code RESULT key=value ...} line each prints.
 */
final class MemberProcesses {
  private static final long MAX_MINUTES = 30;

  private MemberProcesses() {}

  static List<Map<String, Long>> run(
      Class<?> main,
      int members,
      String heap,
      IntFunction<List<String>> jvmOptions,
      List<String> arguments)
      throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      List<String> command = new ArrayList<>();
      command.add(java);
      command.add("-Xmx" + heap);
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-Dorg.apache.tuweni.crypto.useSodium=false");
      command.addAll(jvmOptions.apply(i));
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(main.getName());
      command.add("--member=" + i);
      command.addAll(arguments);
      processes.add(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    List<Map<String, Long>> results = new ArrayList<>();
    for (Process p : processes) {
      Map<String, Long> values = new HashMap<>();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("RESULT ")) {
            for (String kv : line.substring(7).split(" ")) {
              String[] parts = kv.split("=");
              values.put(parts[0], Long.parseLong(parts[1]));
            }
          }
        }
      }
      if (!p.waitFor(MAX_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("a member process failed");
      }
      results.add(values);
    }
    return results;
  }
}
