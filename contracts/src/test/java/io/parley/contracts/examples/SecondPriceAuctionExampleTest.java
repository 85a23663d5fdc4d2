package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * examples/SecondPriceAuction.par: six sealed bids, a knockout tournament in the committee, the
 * winner and the second-highest bid revealed, payment and refunds in the callback. On 4 and 7
 * members with seeded bids checked against {@link #reference}, with ties and a single bid, and the
 * cost compared with Partisia's published 364 rounds and 1,792 multiplications for 6 bids.
 */
class SecondPriceAuctionExampleTest {
  private static final Path SOURCE = Path.of("examples/SecondPriceAuction.par");
  private static final long DEPOSIT = 1_000_000;
  private static final long DEADLINE = 1_700_000_100_000L;
  private static final int PARTISIA_ROUNDS = 364;
  private static final int PARTISIA_MULTIPLICATIONS = 1_792;

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7));
  }

  /** The reference: {@link AuctionReference}, as [winner, price]. */
  static long[] reference(List<Long> bids) {
    AuctionReference r = AuctionReference.of(bids);
    return new long[] {r.winner(), r.price()};
  }

  private record Sale(Address seller, List<Address> bidders, DeployedContract.Started run) {}

  private static Sale auction(ContractTestKit kit, List<Long> bids) {
    Address seller = kit.account("seller");
    DeployedContract auction = kit.deploy(SOURCE, seller, DEADLINE);
    List<Address> bidders = new ArrayList<>();
    for (int i = 0; i < bids.size(); i++) {
      Address bidder = kit.account("bidder " + i);
      kit.fund(bidder, BigInteger.valueOf(DEPOSIT));
      assertThat(auction.callWithValue(bidder, BigInteger.valueOf(DEPOSIT), "deposit").success())
          .isTrue();
      DeployedContract.InputReceipt receipt = auction.submit(bidder, "bids", bids.get(i));
      assertThat(receipt.accepted()).isTrue();
      assertThat(receipt.index()).isEqualTo(i);
      bidders.add(bidder);
    }
    kit.nextBlock(200_000);
    assertThat(auction.call(seller, "close").success()).isTrue();
    DeployedContract.Started run = auction.lastStarted();
    assertThat(run.callback().orElseThrow().success()).isTrue();
    long[] expected = reference(bids);
    Address winner = bidders.get((int) expected[0]);
    assertThat(auction.query("winner_of")).isEqualTo(winner);
    assertThat(auction.query("price_paid")).isEqualTo(BigInteger.valueOf(expected[1]));
    assertThat(kit.host().balance(seller)).isEqualTo(UInt256.valueOf(expected[1]));
    for (Address b : bidders) {
      long refund = b.equals(winner) ? DEPOSIT - expected[1] : DEPOSIT;
      assertThat(kit.host().balance(b)).isEqualTo(UInt256.valueOf(refund));
    }
    return new Sale(seller, bidders, run);
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void sixSealedBidsGiveTheReferenceWinnerAndPrice(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    Random random = new Random(6_000L + members);
    List<Long> bids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      bids.add(1L + random.nextInt((int) DEPOSIT));
    }
    DeployedContract.Computation c = auction(kit, bids).run().computation().orElseThrow();
    CircuitCost cost = CircuitCost.of(SOURCE, "second_price", members);
    System.out.println("second_price, 6 bids, " + members + " members: " + c.report());
    System.out.println("second_price circuit: " + cost);
    // at most a third of Partisia's figures: online rounds (openings of the online phase) and
    // multiplications (triples of the online phase; the comparisons' random bits apart)
    assertThat(cost.onlineRounds()).isPositive().isLessThanOrEqualTo(PARTISIA_ROUNDS / 3);
    assertThat(cost.multiplications())
        .isPositive()
        .isLessThanOrEqualTo(PARTISIA_MULTIPLICATIONS / 3);
    assertThat(c.rounds()).isGreaterThanOrEqualTo(cost.onlineRounds());
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void onATieTheLowestIndexWinsAtTheTiedPrice(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    List<Long> bids = List.of(500L, 900L, 900L, 100L, 900L, 3L);
    assertThat(reference(bids)).containsExactly(1, 900);
    auction(kit, bids);
  }

  @ParameterizedTest(name = "{0} members")
  @MethodSource("committees")
  void aSingleBidWinsAtPriceZeroAndEqualBidsEverywhereGoToTheFirst(int members) {
    ContractTestKit kit = new ContractTestKit().useCommittee(members);
    auction(kit, List.of(42L));
    ContractTestKit again = new ContractTestKit().useCommittee(members);
    assertThat(auction(again, List.of(7L, 7L, 7L, 7L, 7L, 7L)).run().computation().orElseThrow())
        .satisfies(
            c ->
                assertThat(c.outputs().get("result"))
                    .isEqualTo(List.of(BigInteger.ZERO, BigInteger.valueOf(7))));
  }
}
