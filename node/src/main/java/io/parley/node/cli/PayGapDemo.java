package io.parley.node.cli;

import io.parley.base.crypto.KeyPair;
import io.parley.contracts.examples.PayGapReference;
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
 * {@code parley demo pay-gap}: an employer certifies that it pays women and men equally without
 * anyone seeing a salary (contracts/examples/PayGap.par). Each employee submits salary and gender
 * from their own account; the public learns whether the gap is within the threshold and its size,
 * and the certifier alone receives the two averages.
 */
@Command(
    name = "pay-gap",
    mixinStandardHelpOptions = true,
    description =
        "Pay-gap certification: employees submit salary and gender secretly; the gap is certified"
            + " against a public threshold, the certifier alone gets the averages.")
final class PayGapDemo implements Callable<Integer> {
  static final int CAPACITY = 100;

  @Mixin DemoOptions options;

  @Option(
      names = "--employees",
      defaultValue = "100",
      description = "Employees, 1..100 (default: ${DEFAULT-VALUE}).")
  int employees;

  @Option(
      names = "--threshold-basis-points",
      defaultValue = "500",
      description = "The largest gap certified, in 1/100 %% (default: ${DEFAULT-VALUE}, 5.00 %%).")
  int threshold;

  @Option(
      names = "--minimum-group",
      defaultValue = "5",
      description = "Smallest group of women or men certified (default: ${DEFAULT-VALUE}).")
  int minimum;

  /** The employees' made-up salaries and genders for {@code seed}: the same for every run. */
  static List<PayGapReference.Employee> staff(long seed, int count) {
    Random random = new Random(seed);
    List<PayGapReference.Employee> staff = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean woman = random.nextInt(5) < 2;
      long salary = 30_000 + random.nextInt(60_000) - (woman ? random.nextInt(6_000) : 0);
      staff.add(new PayGapReference.Employee(salary, woman));
    }
    return staff;
  }

  @Override
  public Integer call() throws Exception {
    if (employees < 1 || employees > CAPACITY) {
      throw new CliException("--employees must be 1.." + CAPACITY + ", got " + employees);
    }
    if (threshold < 0 || threshold > 10_000 || minimum < 1) {
      throw new CliException(
          "--threshold-basis-points must be 0..10000 and --minimum-group at least 1");
    }
    DemoSession.run(options, this::run);
    return 0;
  }

  private void run(DemoSession s) throws Exception {
    s.step(
        "pay-gap certification: %d employees, threshold %.2f %%, minimum group %d (seed %d)",
        employees, threshold / 100.0, minimum, options.seed);
    List<PayGapReference.Employee> staff = staff(options.seed, employees);
    KeyPair employer = KeyPair.random();
    KeyPair certifier = KeyPair.random();
    List<KeyPair> keys = DemoSession.accounts(employees);
    List<KeyPair> everyone = new ArrayList<>(List.of(employer, certifier));
    everyone.addAll(keys);
    long funded = s.fund(everyone);
    s.step(
        "the employer %s, the certifier %s and %d employees each have a new account (funded in"
            + " block %d)",
        DemoSession.shortAddress(employer.address()),
        DemoSession.shortAddress(certifier.address()),
        employees,
        funded);

    ContractClient payGap =
        s.deploy(employer, "PayGap.par", certifier.address(), threshold, minimum);
    List<KeyPair> senders = new ArrayList<>();
    List<io.parley.sdk.tx.TransactionTemplate> drafts = new ArrayList<>();
    for (KeyPair k : keys) {
      senders.add(employer);
      drafts.add(payGap.callDraft("register", k.address()));
    }
    List<SentTransaction> registered = s.sendAll(senders, drafts);
    s.step(
        "the employer registered its %d employees (block %d)",
        employees, DemoSession.last(s.awaitAll(registered)));

    List<DemoSession.Input> inputs = new ArrayList<>();
    for (int i = 0; i < employees; i++) {
      PayGapReference.Employee e = staff.get(i);
      inputs.add(
          new DemoSession.Input(
              keys.get(i),
              List.of(BigInteger.valueOf(e.salary()), e.woman() ? BigInteger.ONE : BigInteger.ZERO),
              String.format(
                  "employee %3d %s: salary %,7d, %-5s",
                  i + 1,
                  DemoSession.shortAddress(keys.get(i).address()),
                  e.salary(),
                  e.woman() ? "woman" : "man")));
    }
    long lastInput = s.submit(payGap, "staff", inputs).block();

    AttestedResult result = s.compute(payGap, employer, "certify", lastInput);
    List<BigInteger> outcome = result.result();
    boolean enough = outcome.get(0).signum() != 0;
    if (enough) {
      s.detail(
          "public: the gap is %.2f %% (%d basis points), %s the threshold; %s paid more",
          outcome.get(3).longValue() / 100.0,
          outcome.get(3).longValue(),
          outcome.get(1).signum() != 0 ? "within" : "beyond",
          outcome.get(2).signum() != 0 ? "men are" : "women are");
    } else {
      s.detail("public: a group is below the minimum of %d; nothing else is revealed", minimum);
    }
    s.detail("the contract's view certified() now reads %s", payGap.query("certified").asText());

    BigInteger women = s.receive(certifier, result.record().id(), "private_0")[0];
    BigInteger men = s.receive(certifier, result.record().id(), "private_1")[0];
    s.step(
        "the certifier opened its private outputs with its own key: women's average %,d, men's"
            + " %,d",
        women, men);

    PayGapReference expected = PayGapReference.of(staff, threshold, minimum);
    boolean same =
        enough == expected.enough()
            && (outcome.get(1).signum() != 0) == expected.within()
            && (outcome.get(2).signum() != 0) == expected.menPaidMore()
            && outcome.get(3).longValue() == expected.basisPoints()
            && women.longValue() == expected.averageWomen()
            && men.longValue() == expected.averageMen();
    s.compare(
        same,
        String.format(
            "gap %d basis points, averages %,d and %,d",
            expected.basisPoints(), expected.averageWomen(), expected.averageMen()));
  }
}
