package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.contracts.examples.BankFraudReference;
import io.parley.contracts.examples.PayGapReference;
import io.parley.contracts.examples.ThreatIntelReference;
import io.parley.node.testing.CliRun;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.NodeProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applications as a newcomer runs them: {@code parley demo <application>} against {@code parley
 * devnet} as processes (4 validators, 4 MPC members). Every party submits from its own account
 * through the SDK, the result comes back with its attestation verified and equal to the plain Java
 * reference (the demo fails otherwise), and no submitted value appears in blocks, receipts,
 * computation records, private outputs or logs.
 */
class ApplicationsDevnetTest {
  @TempDir Path dir;

  @Test
  void theApplicationsRunEndToEndAndNoSecretLeaves() throws Exception {
    Path data = dir.resolve("devnet");
    try (DevnetProcess devnet =
        DevnetProcess.startCommittee(
            data, dir.resolve("devnet.log"), 1, 4, NodeProcess.freePort(), Map.of(), List.of())) {
      String rpc = "http://127.0.0.1:" + devnet.rpcPort() + "/";
      List<Long> secrets = new ArrayList<>();

      CliRun payGap =
          demo(rpc, data, "pay-gap", "--employees", "12", "--minimum-group", "3", "--seed", "7");
      assertThat(payGap.output())
          .contains("employee  12")
          .contains("attestation verified")
          .contains("the certifier opened its private outputs")
          .contains("the plain Java reference on the same inputs gives the same result");
      PayGapDemo.staff(7, 12).stream().map(PayGapReference.Employee::salary).forEach(secrets::add);

      CliRun auction = demo(rpc, data, "auction", "--bidding-seconds", "10", "--seed", "8");
      assertThat(auction.output())
          .contains("bidder 6")
          .contains("refunded the winner")
          .contains("the plain Java reference on the same inputs gives the same result");
      secrets.addAll(AuctionDemo.bids(8, 6));

      CliRun ballot =
          demo(rpc, data, "ballot", "--voters", "6", "--voting-seconds", "10", "--seed", "9");
      assertThat(ballot.output())
          .contains("voter    6")
          .contains("the plain Java reference on the same inputs gives the same result");

      CliRun bank = demo(rpc, data, "bank-fraud", "--flags", "5", "--common", "2", "--seed", "10");
      assertThat(bank.output())
          .contains("BankFraud deployed at")
          .contains("bundle 37,")
          .contains("2 client(s) flagged by both banks")
          .contains("the regulator opened its private outputs")
          .contains("the plain Java reference on the same inputs gives the same result");
      for (List<BankFraudReference.Flag> list : BankFraudDemo.lists(10, 5, 2)) {
        list.forEach(f -> secrets.add(f.id()));
      }

      CliRun intel = demo(rpc, data, "threat-intel", "--indicators", "3", "--seed", "11");
      assertThat(intel.output())
          .contains("organisation 5 reports")
          .contains("the plain Java reference on the same inputs gives the same result");
      // what was reported by fewer than k = 2 stays secret
      List<List<Long>> reports = ThreatIntelDemo.reports(11, 3);
      List<Long> shared = ThreatIntelReference.shared(reports, 2);
      reports.forEach(r -> r.stream().filter(h -> !shared.contains(h)).forEach(secrets::add));

      Leaks.assertNowhere(devnet.client(), data, secrets);
      // the control: the indicators the computation revealed are found where they were published
      assertThat(shared).isNotEmpty();
      assertThatThrownBy(() -> Leaks.assertNowhere(devnet.client(), data, shared))
          .hasMessageContaining("found in");
    }
  }

  private static CliRun demo(String rpc, Path data, String app, String... options) {
    List<String> args =
        new ArrayList<>(List.of("demo", app, "--rpc", rpc, "--data-path", data.toString()));
    args.addAll(List.of(options));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.output()).isZero();
    return run;
  }
}
