package io.parley.node.cli;

import io.parley.base.crypto.KeyPair;
import io.parley.contracts.examples.BallotReference;
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
 * {@code parley demo ballot}: a secret ballot (contracts/examples/SecretBallot.par). Registered
 * voters vote once each, secretly, while the ballot is open; after it closes only the totals are
 * revealed.
 */
@Command(
    name = "ballot",
    mixinStandardHelpOptions = true,
    description = "Secret ballot: registered voters vote once each; only the tally is revealed.")
final class BallotDemo implements Callable<Integer> {
  static final int CAPACITY = 1024;

  @Mixin DemoOptions options;

  @Option(
      names = "--voters",
      defaultValue = "20",
      description = "Voters, 0..1024 (default: ${DEFAULT-VALUE}).")
  int voters;

  @Option(
      names = "--voting-seconds",
      defaultValue = "30",
      description = "How long the ballot stays open after the deploy (default: ${DEFAULT-VALUE}).")
  int votingSeconds;

  /** The voters' made-up ballots for {@code seed}: yes, no or blank. */
  static List<BallotReference.Ballot> ballots(long seed, int count) {
    Random random = new Random(seed);
    List<BallotReference.Ballot> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int choice = random.nextInt(10); // 5 yes, 4 no, 1 blank in 10 on average
      out.add(new BallotReference.Ballot(choice < 5, choice >= 5 && choice < 9));
    }
    return out;
  }

  @Override
  public Integer call() throws Exception {
    if (voters < 0 || voters > CAPACITY) {
      throw new CliException("--voters must be 0.." + CAPACITY + ", got " + voters);
    }
    if (votingSeconds < 5 || votingSeconds > 86_400) {
      throw new CliException("--voting-seconds must be 5..86400, got " + votingSeconds);
    }
    DemoSession.run(options, this::run);
    return 0;
  }

  private void run(DemoSession s) throws Exception {
    s.step("secret ballot: %d voters (seed %d)", voters, options.seed);
    List<BallotReference.Ballot> ballots = ballots(options.seed, voters);
    KeyPair organiser = KeyPair.random();
    List<KeyPair> keys = DemoSession.accounts(voters);
    List<KeyPair> everyone = new ArrayList<>(List.of(organiser));
    everyone.addAll(keys);
    long funded = s.fund(everyone);
    s.step(
        "the organiser %s and %d voters each have a new account (funded in block %d)",
        DemoSession.shortAddress(organiser.address()), voters, funded);

    long closes = s.blockTime() + votingSeconds * 1000L;
    ContractClient ballot = s.deploy(organiser, "SecretBallot.par", closes);
    List<KeyPair> senders = new ArrayList<>();
    List<io.parley.sdk.tx.TransactionTemplate> drafts = new ArrayList<>();
    for (KeyPair k : keys) {
      senders.add(organiser);
      drafts.add(ballot.callDraft("register", k.address()));
    }
    List<SentTransaction> registered = s.sendAll(senders, drafts);
    s.step(
        "the organiser registered the %d voters (block %d)",
        voters, DemoSession.last(s.awaitAll(registered)));

    List<DemoSession.Input> inputs = new ArrayList<>();
    for (int i = 0; i < voters; i++) {
      BallotReference.Ballot b = ballots.get(i);
      inputs.add(
          new DemoSession.Input(
              keys.get(i),
              List.of(bit(b.yes()), bit(b.no())),
              String.format(
                  "voter %4d %s: %-5s",
                  i + 1,
                  DemoSession.shortAddress(keys.get(i).address()),
                  b.yes() ? "yes" : b.no() ? "no" : "blank")));
    }
    long lastInput = voters == 0 ? s.head() : s.submit(ballot, "ballots", inputs).block();

    s.step("waiting for the ballot to close (block time %d)", closes);
    s.awaitBlockTime(closes);
    BallotReference expected = BallotReference.of(ballots);
    List<BigInteger> tally;
    if (voters == 0) {
      // with no ballot, close() decides at once: nothing to compute
      s.await(s.send(organiser, ballot.callDraft("close")));
      s.step("closed with no ballot: the tally is zero, no computation ran");
    } else {
      AttestedResult result = s.compute(ballot, organiser, "close", lastInput);
      s.detail("public: %s yes, %s no", result.result().get(0), result.result().get(1));
    }
    tally = new ArrayList<>();
    for (var n : ballot.query("result")) {
      tally.add(new BigInteger(n.asText()));
    }
    s.detail(
        "the contract's view result() reads %s (yes, no, blank: blank = ballots - yes - no)",
        tally);
    s.compare(
        tally.equals(
            List.of(
                BigInteger.valueOf(expected.yes()),
                BigInteger.valueOf(expected.no()),
                BigInteger.valueOf(expected.blank()))),
        String.format("%d yes, %d no, %d blank", expected.yes(), expected.no(), expected.blank()));
  }

  private static BigInteger bit(boolean b) {
    return b ? BigInteger.ONE : BigInteger.ZERO;
  }
}
