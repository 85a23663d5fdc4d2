package io.parley.zk.sharing;

import io.parley.zk.field.FieldElement;
import java.util.Arrays;
import java.util.Optional;

/** Gaussian elimination over GF(2^127-1) for the small systems of Berlekamp-Welch decoding. */
final class LinearSystem {
  private LinearSystem() {}

  /**
   * Solves rows (augmented, last column the right-hand side) for {@code unknowns} variables; free
   * variables are set to zero. Empty if the system is inconsistent. The rows are modified.
   */
  static Optional<FieldElement[]> solve(FieldElement[][] rows, int unknowns) {
    int m = rows.length;
    int[] pivotColumn = new int[m];
    Arrays.fill(pivotColumn, -1);
    int rank = 0;
    for (int col = 0; col < unknowns && rank < m; col++) {
      int pivot = -1;
      for (int r = rank; r < m; r++) {
        if (!rows[r][col].isZero()) {
          pivot = r;
          break;
        }
      }
      if (pivot < 0) {
        continue;
      }
      FieldElement[] tmp = rows[pivot];
      rows[pivot] = rows[rank];
      rows[rank] = tmp;
      FieldElement inverse = rows[rank][col].inverse();
      for (int c = col; c <= unknowns; c++) {
        rows[rank][c] = rows[rank][c].multiply(inverse);
      }
      for (int r = 0; r < m; r++) {
        if (r != rank && !rows[r][col].isZero()) {
          FieldElement factor = rows[r][col];
          for (int c = col; c <= unknowns; c++) {
            rows[r][c] = rows[r][c].subtract(factor.multiply(rows[rank][c]));
          }
        }
      }
      pivotColumn[rank] = col;
      rank++;
    }
    for (int r = rank; r < m; r++) {
      if (!rows[r][unknowns].isZero()) {
        return Optional.empty();
      }
    }
    FieldElement[] solution = new FieldElement[unknowns];
    Arrays.fill(solution, FieldElement.ZERO);
    for (int r = 0; r < rank; r++) {
      solution[pivotColumn[r]] = rows[r][unknowns];
    }
    return Optional.of(solution);
  }
}
