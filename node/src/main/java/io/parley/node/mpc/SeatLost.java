package io.parley.node.mpc;

/** This member's seat was handed to a standby member (ADR 0056): it takes no further part. */
public final class SeatLost extends RuntimeException {
  SeatLost(int seat, int standby) {
    super(
        "seat "
            + seat
            + " was handed to standby member "
            + standby
            + " (the chain found this member cheating or silent): this member no longer sits in"
            + " the committee");
  }
}
