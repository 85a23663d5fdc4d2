package io.parley.node.cli;

import io.parley.base.crypto.KeyPair;
import io.parley.contracts.examples.BankFraudReference;
import io.parley.contracts.examples.BankFraudReference.Flag;
import io.parley.sdk.AttestedResult;
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
 * {@code parley demo bank-fraud}: two competing banks find the clients both flagged
 * (contracts/examples/BankFraud.par). Each bank submits its flagged client ids with a risk score;
 * the public learns how many clients both flagged, the regulator alone which ones with both scores.
 */
@Command(
    name = "bank-fraud",
    mixinStandardHelpOptions = true,
    description =
        "Joint fraud analysis: two banks' flagged clients compared secretly; the public learns the"
            + " count, the regulator alone the common clients and their scores.")
final class BankFraudDemo implements Callable<Integer> {
  static final int CAPACITY = 1000;

  @Mixin DemoOptions options;

  @Option(
      names = "--flags",
      defaultValue = "20",
      description = "Clients each bank flagged, 1..1000 (default: ${DEFAULT-VALUE}).")
  int flags;

  @Option(
      names = "--common",
      defaultValue = "6",
      description = "How many of them both banks flagged (default: ${DEFAULT-VALUE}).")
  int common;

  /** The banks' made-up lists for {@code seed}: {@link BankFraudReference#sample}. */
  static List<List<Flag>> lists(long seed, int size, int common) {
    return BankFraudReference.sample(new Random(seed), size, common);
  }

  @Override
  public Integer call() throws Exception {
    if (flags < 1 || flags > CAPACITY || common < 0 || common > flags) {
      throw new CliException("--flags must be 1.." + CAPACITY + " and --common 0..--flags");
    }
    DemoSession.run(options, this::run);
    return 0;
  }

  private void run(DemoSession s) throws Exception {
    s.step(
        "joint fraud analysis: two banks flag %d clients each, %d of them in common (seed %d)",
        flags, common, options.seed);
    List<List<Flag>> lists = lists(options.seed, flags, common);
    KeyPair regulator = KeyPair.random();
    KeyPair bankA = KeyPair.random();
    KeyPair bankB = KeyPair.random();
    long funded = s.fund(List.of(regulator, bankA, bankB));
    s.step(
        "the regulator %s, bank A %s and bank B %s each have a new account (funded in block %d)",
        DemoSession.shortAddress(regulator.address()),
        DemoSession.shortAddress(bankA.address()),
        DemoSession.shortAddress(bankB.address()),
        funded);

    ContractClient fraud = s.deploy(regulator, "BankFraud.par", bankA.address(), bankB.address());
    String[] names = {"first", "second"};
    KeyPair[] banks = {bankA, bankB};
    List<DemoSession.Collected> collected = new ArrayList<>();
    for (int b = 0; b < 2; b++) {
      List<DemoSession.Input> inputs = new ArrayList<>();
      for (Flag f : lists.get(b)) {
        inputs.add(
            new DemoSession.Input(
                banks[b],
                List.of(f.unsignedId(), BigInteger.valueOf(f.score())),
                String.format(
                    "bank %s flags client %016x, risk %4d",
                    b == 0 ? "A" : "B", f.id(), f.score())));
      }
      collected.add(new DemoSession.Collected(names[b], inputs));
    }
    long lastInput = s.submit(fraud, collected).block();

    AttestedResult result = s.compute(fraud, regulator, "analyse", lastInput);
    long found = result.result().get(0).longValueExact();
    s.detail("public: %d client(s) flagged by both banks; nothing else", found);
    BigInteger[] ids = s.receive(regulator, result.record().id(), "private_0");
    BigInteger[] first = s.receive(regulator, result.record().id(), "private_1");
    BigInteger[] second = s.receive(regulator, result.record().id(), "private_2");
    s.step("the regulator opened its private outputs with its own key:");
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].signum() != 0) {
        s.detail("client %016x: risk %4d at bank A, %4d at bank B", ids[i], first[i], second[i]);
      }
    }

    BankFraudReference expected = BankFraudReference.of(lists.get(0), lists.get(1), CAPACITY);
    s.compare(
        found == expected.common()
            && List.of(ids).equals(expected.ids())
            && List.of(first).equals(expected.firstScores())
            && List.of(second).equals(expected.secondScores()),
        String.format("%d common client(s) with the same ids and scores", expected.common()));
  }
}
