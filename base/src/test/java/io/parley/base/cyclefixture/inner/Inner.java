package io.parley.base.cyclefixture.inner;

import io.parley.base.cyclefixture.Outer;

/** Test fixture: the other half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public record Inner(Outer outer) {}
