package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.runtime.CallResult;
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
 * The sealed-bid second-price auction of examples/Auction.par, driven through the whole many-party
 * model: deposits, bids from several accounts, a bid refused by the public rules, one refused by
 * the committee's check, a replaced bid, the start at close, and the callback paying the seller and
 * refunding the others. On 4 and 7 members and in plaintext, with seeded bids checked against a
 * plain Java reference.
 */
class AuctionExampleTest {
  private static final long DEPOSIT = 1_000_000;
  private static final long DEADLINE = 1_700_000_100_000L;

  static Stream<Arguments> committees() {
    return Stream.of(Arguments.of(4), Arguments.of(7), Arguments.of(0));
  }

  private static ContractTestKit kit(int members) {
    ContractTestKit kit = new ContractTestKit();
    return members == 0 ? kit.usePlaintext() : kit.useCommittee(members);
  }

  /** The reference: {@link AuctionReference}, as [winner, price]. */
  static long[] reference(List<Long> bids) {
    AuctionReference r = AuctionReference.of(bids);
    return new long[] {r.winner(), r.price()};
  }

  @ParameterizedTest(name = "{0} members (0 = plaintext)")
  @MethodSource("committees")
  void theWinnerPaysTheSecondPriceAndEveryoneElseIsRefunded(int members) {
    ContractTestKit kit = kit(members);
    Address seller = kit.account("seller");
    DeployedContract auction = kit.deploy(Path.of("examples/Auction.par"), seller, DEADLINE);
    Random random = new Random(members * 31L + 7);
    List<Address> bidders = new ArrayList<>();
    List<Long> bids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Address bidder = kit.account("bidder " + i);
      kit.fund(bidder, BigInteger.valueOf(DEPOSIT));
      assertThat(auction.callWithValue(bidder, BigInteger.valueOf(DEPOSIT), "deposit").success())
          .isTrue();
      long bid = 1 + random.nextInt((int) DEPOSIT);
      DeployedContract.InputReceipt receipt = auction.submit(bidder, "bids", bid);
      assertThat(receipt.accepted()).isTrue();
      assertThat(receipt.index()).isEqualTo(i);
      bidders.add(bidder);
      bids.add(bid);
    }
    // a public rule refuses an account that did not deposit; nothing is stored
    Address stranger = kit.account("stranger");
    DeployedContract.InputReceipt refused = auction.submit(stranger, "bids", 5L);
    assertThat(refused.accepted()).isFalse();
    assertThat(refused.reason().orElseThrow()).contains("deposit first");
    // the committee refuses a bid above the deposit (where value <= DEPOSIT), revealing one bit
    Address greedy = kit.account("greedy");
    kit.fund(greedy, BigInteger.valueOf(DEPOSIT));
    auction.callWithValue(greedy, BigInteger.valueOf(DEPOSIT), "deposit");
    DeployedContract.InputReceipt invalid = auction.submit(greedy, "bids", DEPOSIT + 1);
    assertThat(invalid.accepted()).isFalse();
    assertThat(invalid.reason().orElseThrow()).contains("invalid");
    assertThat(auction.inputs("bids")).hasSize(5);
    // bidder 2 raises its bid: the same index, a new id
    long raised = DEPOSIT - 1;
    DeployedContract.InputReceipt replaced = auction.submit(bidders.get(2), "bids", raised);
    assertThat(replaced.accepted()).isTrue();
    assertThat(replaced.index()).isEqualTo(2);
    bids.set(2, raised);
    assertThat(auction.inputs("bids")).hasSize(5);

    assertThat(auction.call(seller, "close").failureReason().orElseThrow())
        .contains("bidding is still open");
    kit.nextBlock(200_000);
    assertThat(auction.submit(bidders.get(0), "bids", 1L).reason().orElseThrow())
        .contains("bidding is closed");
    CallResult close = auction.call(seller, "close");
    assertThat(close.success()).isTrue();

    DeployedContract.Started run = auction.lastStarted();
    assertThat(run.function()).isEqualTo("second_price");
    assertThat(run.callback().orElseThrow().success()).isTrue();
    long[] expected = reference(bids);
    Address winner = bidders.get((int) expected[0]);
    assertThat(auction.query("winner_of")).isEqualTo(winner);
    assertThat(auction.query("price_paid")).isEqualTo(BigInteger.valueOf(expected[1]));
    assertThat(kit.host().balance(seller)).isEqualTo(UInt256.valueOf(expected[1]));
    assertThat(kit.host().balance(winner)).isEqualTo(UInt256.valueOf(DEPOSIT - expected[1]));
    for (Address b : bidders) {
      if (!b.equals(winner)) {
        assertThat(kit.host().balance(b)).isEqualTo(UInt256.valueOf(DEPOSIT));
      }
    }
    System.out.println(
        "second_price at " + members + " members: " + run.computation().orElseThrow().report());
    if (members > 0) {
      DeployedContract.Computation c = run.computation().orElseThrow();
      assertThat(c.rounds()).isPositive();
      assertThat(c.bytes()).isPositive();
    }
  }
}
