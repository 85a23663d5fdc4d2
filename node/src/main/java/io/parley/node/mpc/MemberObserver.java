package io.parley.node.mpc;

/**
 * Told what a committee member does with each computation a block starts (metrics). It learns the
 * protocol, the outcome and the number of rounds: never an input, a share, a key or a value.
 */
public interface MemberObserver {
  /** How a member's part in one computation ended. */
  enum Ending {
    /** The engine completed it; the member's vote follows. */
    COMPLETED,
    /** The engine aborted it (a member misbehaved or went silent); the member reports it. */
    ABORTED,
    /** The committee's links were not all up within the step timeout; it did not take part. */
    NOT_CONNECTED,
    /** The contract's code could not be loaded at the start block; the member did not take part. */
    CODE_UNAVAILABLE
  }

  /** The member begins its part in an attempt of a computation (a start, or a retry). */
  void started();

  /** ... and its part ended; {@code rounds} is 0 unless it completed. */
  void ended(Ending ending, String protocol, int rounds);

  MemberObserver NONE =
      new MemberObserver() {
        @Override
        public void started() {}

        @Override
        public void ended(Ending ending, String protocol, int rounds) {}
      };
}
