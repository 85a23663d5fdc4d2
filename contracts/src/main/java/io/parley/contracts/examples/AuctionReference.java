package io.parley.contracts.examples;

import java.util.List;

/**
 * What examples/SecondPriceAuction.par reveals, computed in the clear: the index of the highest bid
 * (the lowest index on a tie) and the second-highest bid (the price; 0 with a single bid).
 */
public record AuctionReference(int winner, long price) {
  /** {@code bids} in index order (the order of the bidders' first submissions). */
  public static AuctionReference of(List<Long> bids) {
    int at = 0;
    for (int i = 1; i < bids.size(); i++) {
      if (bids.get(i) > bids.get(at)) {
        at = i;
      }
    }
    long second = 0;
    for (int i = 0; i < bids.size(); i++) {
      if (i != at) {
        second = Math.max(second, bids.get(i));
      }
    }
    return new AuctionReference(at, second);
  }
}
