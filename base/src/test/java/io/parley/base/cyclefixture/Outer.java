package io.parley.base.cyclefixture;

import io.parley.base.cyclefixture.inner.Inner;

/** Test fixture: half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public record Outer(Inner inner) {}
