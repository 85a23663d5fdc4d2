package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.node.testing.CliRun;
import io.parley.node.testing.NodeProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley demo}: its applications listed, and bad options refused before anything runs. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void listsTheFiveApplications() {
    CliRun run = CliRun.of("demo");
    assertThat(run.output())
        .contains("pay-gap")
        .contains("bank-fraud")
        .contains("threat-intel")
        .contains("auction")
        .contains("ballot");
  }

  @Test
  void badOptionsAreRefusedWithWhatIsAllowed() {
    assertRefused("must be 1..100", "pay-gap", "--employees", "0");
    assertRefused("must be 1..100", "pay-gap", "--employees", "101");
    assertRefused("--threshold-basis-points must be 0..10000", "pay-gap", "--minimum-group", "0");
    assertRefused("--bidders must be 1..6", "auction", "--bidders", "7");
    assertRefused("--voters must be 0..1024", "ballot", "--voters", "1025");
    assertRefused("--flags must be 1..1000", "bank-fraud", "--common", "30", "--flags", "20");
    assertRefused("--k 2..5", "threat-intel", "--k", "1");
  }

  @Test
  void aRemoteNodeThatDoesNotAnswerIsAnErrorNotADevnet() throws Exception {
    int port = NodeProcess.freePort();
    CliRun run =
        CliRun.of(
            "demo",
            "auction",
            "--rpc",
            "http://0.0.0.0:" + port + "/",
            "--data-path",
            dir.toString(),
            "--timeout-seconds",
            "5");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("no node answers at http://0.0.0.0:" + port + "/");
  }

  @Test
  void aMissingKeyFileSaysWhatToPass() throws Exception {
    CliRun run =
        CliRun.of(
            "demo",
            "auction",
            "--rpc",
            "http://127.0.0.1:" + NodeProcess.freePort() + "/",
            "--key-file",
            dir.resolve("absent.key").toString(),
            "--data-path",
            dir.toString());
    // refused before anything starts (no node answers on that port: no devnet is started either)
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("no key file " + dir.resolve("absent.key"));
    assertThat(dir.resolve("network")).doesNotExist();
  }

  private static void assertRefused(String message, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    CliRun run = CliRun.of(all);
    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains(message);
  }
}
