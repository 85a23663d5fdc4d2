package io.parley.zk.preprocessing;

import io.parley.zk.field.FieldElement;

/**
 * One member's shares from a checked batch: triples (a, b, c), random values, and square pairs
 * (roots r, squares r^2).
 */
public record BatchOutput(
    FieldElement[] a,
    FieldElement[] b,
    FieldElement[] c,
    FieldElement[] randoms,
    FieldElement[] roots,
    FieldElement[] squares) {}
