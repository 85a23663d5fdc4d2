package io.parley.zk.preprocessing;

import io.parley.zk.field.FieldElement;

/** One member's shares from a checked batch: triples (a, b, c) and random values. */
public record BatchOutput(
    FieldElement[] a, FieldElement[] b, FieldElement[] c, FieldElement[] randoms) {}
