package io.parley.node.consensus;

import io.parley.consensus.messages.ConsensusMessage;

/** How the driver reaches the other validators; a single validator has none. */
public interface ConsensusNetwork {
  ConsensusNetwork NONE =
      new ConsensusNetwork() {
        @Override
        public void broadcast(ConsensusMessage message) {}

        @Override
        public void sendTo(int validatorIndex, ConsensusMessage message) {}

        @Override
        public void requestBlocks(int validatorIndex, long fromHeight, long toHeight) {}
      };

  /** Best effort to every other validator; never blocks. */
  void broadcast(ConsensusMessage message);

  /** Best effort to one validator; never blocks. */
  void sendTo(int validatorIndex, ConsensusMessage message);

  /** Asks a validator for committed blocks with certificates; the answer arrives as an event. */
  void requestBlocks(int validatorIndex, long fromHeight, long toHeight);
}
