package io.parley.consensus.protocol;

import java.util.List;

/**
 * A consensus protocol as a pure state machine: the host feeds {@link ConsensusEvent}s and performs
 * the returned {@link ConsensusAction}s in order. An implementation holds no thread, socket, clock
 * or storage handle; time reaches it only through events, and persistence, network and block
 * building only through actions. The node's driver (one thread, one event queue) is the only
 * caller, so implementations need no synchronisation.
 */
public interface ConsensusProtocol {
  List<ConsensusAction> handle(ConsensusEvent event);
}
