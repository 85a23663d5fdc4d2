package io.parley.zk.sharing;

import io.parley.zk.field.FieldElement;
import java.util.List;

/**
 * The result of decoding one Reed-Solomon codeword: the polynomial's value at 0 and the 0-based
 * parties whose shares disagreed with the decoded polynomial (empty when the word was a codeword).
 */
public record Decoding(FieldElement value, List<Integer> wrongParties) {
  public Decoding {
    wrongParties = List.copyOf(wrongParties);
  }

  public boolean clean() {
    return wrongParties.isEmpty();
  }
}
