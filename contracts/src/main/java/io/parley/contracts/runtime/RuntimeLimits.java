package io.parley.contracts.runtime;

/** Limits checked when a module is deployed and enforced while it runs (ADR 0031). */
public record RuntimeLimits(
    int maxModuleBytes, int maxFunctions, int maxLocalsPerFunction, int maxMemoryPages) {
  public static final RuntimeLimits DEFAULT = new RuntimeLimits(512 * 1024, 2_048, 1_024, 256);
}
