package io.parley.mpc.door;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.mpc.testing.TestCommittee;
import io.parley.zk.computation.Blames;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.computation.Workload;
import io.parley.zk.evidence.Blame;
import io.parley.zk.messages.Committee;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's door end to end: each member a separate JVM process on loopback, over the mutually
 * authenticated TLS 1.3 committee network, at 4 members (rep4) and 7 (king-based openings): a
 * circuit with a comparison, its secret state carried from one computation to the next, the
 * recipient's output reconstructed from the members' shares, then a member that alters its share of
 * the state blamed with evidence anyone can check.
 */
class DoorOverTlsTest {
  private static final long PROCESS_SECONDS = 150;

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void membersAsProcessesComputeCarryStateAndBlameACheater(int n) throws Exception {
    int cheater = n - 1;
    List<List<String>> lines = runMembers(n, cheater);
    Committee committee = TestCommittee.committee(TestCommittee.keys(n, 77));
    Protocol protocol = Protocols.select(n, new Workload.CircuitWorkload(DoorMember.circuit()));
    assertThat(protocol).isEqualTo(n == 4 ? Protocols.REP4 : Protocols.SHAMIR_KING);
    String[] expectedHigher = {"1", "0"};
    for (int run = 0; run < 2; run++) {
      List<ShareVector> top = new ArrayList<>();
      String transcript = null;
      for (int m = 0; m < n; m++) {
        String[] f = line(lines.get(m), run).split(" ");
        assertThat(f[2]).as("member %d run %d", m, run).isEqualTo("completed");
        transcript = transcript == null ? f[3] : transcript;
        assertThat(f[3]).as("every member's transcript digest").isEqualTo(transcript);
        assertThat(f[4]).isEqualTo(expectedHigher[run]);
        top.add(ShareText.decode(f[5]));
      }
      assertThat(protocol.inputFormat().reconstruct(top))
          .as("what the recipient reconstructs")
          .containsExactly(BigInteger.valueOf(5));
    }
    int blamed = 0;
    for (int m = 0; m < n; m++) {
      if (m == cheater) {
        continue;
      }
      String[] f = line(lines.get(m), 2).split(" ");
      if (f[2].equals("aborted") && f[3].equals("Proven")) {
        Blame blame = Blames.decode(Bytes.fromHexString(f[4]).toArrayUnsafe());
        assertThat(blame.accused()).isEqualTo(cheater);
        assertThat(protocol.verifier(committee).verify(blame).valid()).isTrue();
        assertThat(Blames.verifier(committee).verify(blame).valid()).isTrue();
        blamed++;
      } else {
        assertThat(f[2] + " " + f[3])
            .as("member %d", m)
            .isIn("completed " + f[3], "aborted Timeout");
      }
    }
    assertThat(blamed).as("honest members holding evidence against the cheater").isPositive();
  }

  private static String line(List<String> lines, int run) {
    return lines.stream()
        .filter(l -> l.startsWith("RUN " + run + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for run " + run + " in " + lines));
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path stores;

  private List<List<String>> runMembers(int n, int cheater) throws Exception {
    List<InetSocketAddress> addresses = TestCommittee.freeAddresses(n);
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> command = new ArrayList<>();
      command.add(java);
      command.add("-Xmx256m");
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-Dorg.apache.tuweni.crypto.useSodium=false");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(DoorMember.class.getName());
      command.add(Integer.toString(i));
      command.add(Integer.toString(n));
      command.add(Integer.toString(cheater));
      command.add(stores.resolve("n" + n + "-member" + i).toString());
      for (InetSocketAddress a : addresses) {
        command.add(Integer.toString(a.getPort()));
      }
      processes.add(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    List<List<String>> out = new ArrayList<>();
    try {
      for (Process p : processes) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l = r.readLine(); l != null; l = r.readLine()) {
            if (l.startsWith("RUN ")) {
              lines.add(l);
            }
          }
        }
        assertThat(p.waitFor(PROCESS_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        out.add(lines);
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
    return out;
  }
}
