package io.parley.node.cli;

import io.parley.base.crypto.KeyPair;
import io.parley.contracts.examples.AuctionReference;
import io.parley.sdk.AttestedResult;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.contract.ContractClient;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley demo auction}: a sealed-bid second-price auction (contracts/examples/
 * SecondPriceAuction.par). Bidders deposit and bid secretly before the deadline; at close the
 * committee reveals only the winner and the price (the second-highest bid); the public callback
 * pays the seller and refunds everyone else.
 */
@Command(
    name = "auction",
    mixinStandardHelpOptions = true,
    description =
        "Sealed-bid second-price auction: secret bids, only the winner and the price revealed,"
            + " payment and refunds in the public callback.")
final class AuctionDemo implements Callable<Integer> {
  static final long MAX_BID = 1_000_000;

  @Mixin DemoOptions options;

  @Option(
      names = "--bidders",
      defaultValue = "6",
      description = "Bidders, 1..6 (default: ${DEFAULT-VALUE}).")
  int bidders;

  @Option(
      names = "--bidding-seconds",
      defaultValue = "20",
      description = "How long bidding stays open after the deploy (default: ${DEFAULT-VALUE}).")
  int biddingSeconds;

  /** The bidders' made-up bids for {@code seed} (base units, at most the deposit). */
  static List<Long> bids(long seed, int count) {
    Random random = new Random(seed);
    List<Long> bids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bids.add(100_000L + random.nextInt(900_001));
    }
    return bids;
  }

  @Override
  public Integer call() throws Exception {
    if (bidders < 1 || bidders > 6) {
      throw new CliException("--bidders must be 1..6, got " + bidders);
    }
    if (biddingSeconds < 5 || biddingSeconds > 3_600) {
      throw new CliException("--bidding-seconds must be 5..3600, got " + biddingSeconds);
    }
    DemoSession.run(options, this::run);
    return 0;
  }

  private void run(DemoSession s) throws Exception {
    s.step(
        "sealed-bid second-price auction: %d bidders, deposit %,d base units each (seed %d)",
        bidders, MAX_BID, options.seed);
    List<Long> bids = bids(options.seed, bidders);
    KeyPair seller = KeyPair.random();
    List<KeyPair> keys = DemoSession.accounts(bidders);
    List<KeyPair> everyone = new ArrayList<>(List.of(seller));
    everyone.addAll(keys);
    long funded = s.fund(everyone);
    s.step(
        "the seller %s and %d bidders each have a new account (funded in block %d)",
        DemoSession.shortAddress(seller.address()), bidders, funded);

    long deadline = s.blockTime() + biddingSeconds * 1000L;
    ContractClient auction = s.deploy(seller, "SecondPriceAuction.par", deadline);
    List<SentTransaction> deposits = new ArrayList<>();
    for (KeyPair k : keys) {
      deposits.add(s.send(k, auction.callDraft("deposit").withValue(UInt256.valueOf(MAX_BID))));
    }
    s.step(
        "every bidder deposited %,d base units (block %d)",
        MAX_BID, DemoSession.last(s.awaitAll(deposits)));

    List<DemoSession.Input> inputs = new ArrayList<>();
    for (int i = 0; i < bidders; i++) {
      inputs.add(
          new DemoSession.Input(
              keys.get(i),
              List.of(BigInteger.valueOf(bids.get(i))),
              String.format(
                  "bidder %d %s: bid %,9d",
                  i + 1, DemoSession.shortAddress(keys.get(i).address()), bids.get(i))));
    }
    DemoSession.Submitted submitted = s.submit(auction, "bids", inputs);
    // the contract indexes bids in the order they executed; the reference takes them so too
    Long[] byIndex = new Long[bidders];
    KeyPair[] bidderAt = new KeyPair[bidders];
    for (int i = 0; i < bidders; i++) {
      byIndex[submitted.indexes().get(i)] = bids.get(i);
      bidderAt[submitted.indexes().get(i)] = keys.get(i);
    }

    List<UInt256> before = new ArrayList<>();
    for (KeyPair k : bidderAt) {
      before.add(s.balance(k.address()));
    }
    s.step("waiting for the deadline (block time %d)", deadline);
    s.awaitBlockTime(deadline);
    AttestedResult result = s.compute(auction, seller, "close", submitted.block());
    List<BigInteger> outcome = result.result();
    int winner = outcome.get(0).intValueExact();
    long price = outcome.get(1).longValueExact();
    s.detail(
        "public: bid %d wins (%s) and pays the second-highest bid, %,d; no bid is revealed",
        winner, DemoSession.shortAddress(bidderAt[winner].address()), price);
    if (!auction
        .query("winner_of")
        .asText()
        .equalsIgnoreCase(bidderAt[winner].address().toHexString())) {
      throw new CliException("the contract's winner is not the attested one");
    }
    for (int i = 0; i < bidders; i++) {
      BigInteger back =
          s.balance(bidderAt[i].address()).toBigInteger().subtract(before.get(i).toBigInteger());
      long expected = i == winner ? MAX_BID - price : MAX_BID;
      if (back.longValueExact() != expected) {
        throw new CliException("bidder at index " + i + " got " + back + " back, not " + expected);
      }
    }
    s.detail(
        "the public callback paid the seller %,d from the winner's deposit, refunded the winner"
            + " %,d and the %d others their whole deposit; the contract holds %s",
        price, MAX_BID - price, bidders - 1, s.balance(auction.address()).toBigInteger());

    AuctionReference expected = AuctionReference.of(List.of(byIndex));
    s.compare(
        expected.winner() == winner && expected.price() == price,
        String.format("winner index %d, price %,d", expected.winner(), expected.price()));
  }
}
