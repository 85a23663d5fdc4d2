package io.parley.base.block;

import io.parley.base.types.Address;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The n validators fixed at genesis, in genesis order; each has one vote. The protocol tolerates f
 * = floor((n - 1) / 3) faulty validators and needs a quorum of n - f votes (2f + 1 when n = 3f +
 * 1).
 */
public record ValidatorSet(List<Validator> validators) {
  public ValidatorSet {
    validators = List.copyOf(validators);
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("the validator set must not be empty");
    }
    Set<Address> seen = new HashSet<>();
    for (Validator v : validators) {
      if (!seen.add(v.address())) {
        throw new IllegalArgumentException("duplicate validator " + v.address());
      }
    }
  }

  public int size() {
    return validators.size();
  }

  public int maxFaulty() {
    return (size() - 1) / 3;
  }

  public int quorum() {
    return size() - maxFaulty();
  }

  public Validator get(int index) {
    return validators.get(index);
  }

  public Optional<Integer> indexOf(Address address) {
    for (int i = 0; i < validators.size(); i++) {
      if (validators.get(i).address().equals(address)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
