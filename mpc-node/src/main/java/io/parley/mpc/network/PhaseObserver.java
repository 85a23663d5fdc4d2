package io.parley.mpc.network;

import io.parley.zk.computation.Phase;

/** Told when each phase of a computation starts and ends (timing, traffic labels, logs). */
public interface PhaseObserver {
  void started(Phase phase);

  void ended(Phase phase);

  PhaseObserver NONE =
      new PhaseObserver() {
        @Override
        public void started(Phase phase) {}

        @Override
        public void ended(Phase phase) {}
      };
}
