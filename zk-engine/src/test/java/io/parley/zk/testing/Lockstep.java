package io.parley.zk.testing;

import io.parley.zk.field.FieldElement;
import io.parley.zk.protocol.Program;
import io.parley.zk.sharing.ReedSolomon;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only ideal driver: runs one program per party in lockstep and opens every batch by
 * Reed-Solomon decoding the parties' shares. It checks the maths of the protocols without messages;
 * the message-level drivers are tested separately.
 */
public final class Lockstep {
  private Lockstep() {}

  public record Run<T>(List<T> results, int rounds, long openedValues) {}

  public static <T> Run<T> run(List<Program<T>> programs) {
    return run(programs, new ArrayList<>());
  }

  /** As {@link #run(List)}, also recording every opened batch (what every member sees). */
  public static <T> Run<T> run(List<Program<T>> programs, List<FieldElement[]> openedBatches) {
    int n = programs.size();
    ReedSolomon rs = new ReedSolomon(n, (n - 1) / 3);
    List<Program<T>> current = new ArrayList<>(programs);
    int rounds = 0;
    long opened = 0;
    while (current.get(0) instanceof Program.Open<T>) {
      rounds++;
      int width = ((Program.Open<T>) current.get(0)).shares().length;
      FieldElement[] values = new FieldElement[width];
      FieldElement[] column = new FieldElement[n];
      for (int v = 0; v < width; v++) {
        for (int i = 0; i < n; i++) {
          column[i] = ((Program.Open<T>) current.get(i)).shares()[v];
        }
        values[v] = rs.decode(column).orElseThrow().value();
      }
      opened += width;
      openedBatches.add(values.clone());
      List<Program<T>> next = new ArrayList<>(n);
      for (Program<T> p : current) {
        next.add(((Program.Open<T>) p).next().apply(values));
      }
      current = next;
    }
    List<T> results = new ArrayList<>();
    for (Program<T> p : current) {
      results.add(((Program.Done<T>) p).value());
    }
    return new Run<>(results, rounds, opened);
  }
}
