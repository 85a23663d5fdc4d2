package io.parley.node.cli;

import io.parley.base.crypto.KeyPair;
import io.parley.contracts.examples.Examples;
import io.parley.contracts.examples.ThreatIntelReference;
import io.parley.sdk.AttestedResult;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.contract.ContractClient;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley demo threat-intel}: five organisations learn which malware indicators at least k of
 * them reported (contracts/examples/ThreatIntel.par), without anyone learning who reported what.
 */
@Command(
    name = "threat-intel",
    mixinStandardHelpOptions = true,
    description =
        "Threat-intelligence sharing: five organisations' indicators; only those reported by at"
            + " least k of them are revealed.")
final class ThreatIntelDemo implements Callable<Integer> {
  static final int ORGANISATIONS = 5;

  @Mixin DemoOptions options;

  @Option(
      names = "--indicators",
      defaultValue = "10",
      description = "Indicators per organisation, 1..100 (default: ${DEFAULT-VALUE}).")
  int indicators;

  @Option(
      names = "--k",
      defaultValue = "2",
      description = "Reported by at least k organisations to be revealed, 2..5 (default: 2).")
  int k;

  /** Each organisation's made-up reports, drawn from a shared pool of 60-bit hashes. */
  static List<List<Long>> reports(long seed, int perOrganisation) {
    Random random = new Random(seed);
    int pool = Math.max(2, perOrganisation * 3);
    List<Long> hashes = new ArrayList<>();
    for (int i = 0; i < pool; i++) {
      hashes.add(1 + (random.nextLong() >>> 4));
    }
    List<List<Long>> reports = new ArrayList<>();
    for (int o = 0; o < ORGANISATIONS; o++) {
      List<Long> mine = new ArrayList<>();
      for (int i = 0; i < perOrganisation; i++) {
        mine.add(hashes.get(random.nextInt(pool)));
      }
      reports.add(mine);
    }
    return reports;
  }

  @Override
  public Integer call() throws Exception {
    if (indicators < 1 || indicators > 100 || k < 2 || k > ORGANISATIONS) {
      throw new CliException("--indicators must be 1..100 and --k 2..5");
    }
    DemoSession.run(options, this::run);
    return 0;
  }

  private void run(DemoSession s) throws Exception {
    s.step(
        "threat-intelligence sharing: %d organisations, %d indicators each, k = %d (seed %d)",
        ORGANISATIONS, indicators, k, options.seed);
    List<List<Long>> reports = reports(options.seed, indicators);
    KeyPair coordinator = KeyPair.random();
    List<KeyPair> orgs = DemoSession.accounts(ORGANISATIONS);
    List<KeyPair> everyone = new ArrayList<>(List.of(coordinator));
    everyone.addAll(orgs);
    long funded = s.fund(everyone);
    s.step(
        "the coordinator %s and %d organisations each have a new account (funded in block %d)",
        DemoSession.shortAddress(coordinator.address()), ORGANISATIONS, funded);

    // the contract as written takes 100 indicators each; for fewer, the same contract scaled
    ContractClient intel =
        s.deploy(coordinator, "ThreatIntel.par", Examples.threatIntel(indicators));
    List<SentTransaction> joined = new ArrayList<>();
    for (KeyPair o : orgs) {
      joined.add(s.send(coordinator, intel.callDraft("join", o.address())));
    }
    s.step(
        "the coordinator added the %d organisations (block %d)",
        ORGANISATIONS, DemoSession.last(s.awaitAll(joined)));

    List<DemoSession.Collected> collected = new ArrayList<>();
    for (int o = 0; o < ORGANISATIONS; o++) {
      List<DemoSession.Input> inputs = new ArrayList<>();
      for (long h : reports.get(o)) {
        inputs.add(
            new DemoSession.Input(
                orgs.get(o),
                List.of(BigInteger.valueOf(h)),
                String.format("organisation %d reports indicator %015x", o + 1, h)));
      }
      collected.add(new DemoSession.Collected("org" + (o + 1), inputs));
    }
    long lastInput = s.submit(intel, collected).block();

    AttestedResult result = s.compute(intel, coordinator, "share", lastInput, k);
    List<Long> shared = new ArrayList<>();
    for (BigInteger h : result.result()) {
      if (h.signum() != 0) {
        shared.add(h.longValueExact());
      }
    }
    s.detail(
        "public: %d indicator(s) reported by at least %d organisations; nothing about the others,"
            + " nor who reported what",
        shared.size(), k);
    for (long h : shared) {
      s.detail("indicator %015x", h);
    }
    s.detail(
        "the contract's view shared_indicators() reads %s",
        intel.query("shared_indicators").asText());
    List<Long> expected = ThreatIntelReference.shared(reports, k);
    s.compare(
        shared.equals(expected),
        String.format("%d indicator(s), the same ones in the same order", expected.size()));
  }
}
