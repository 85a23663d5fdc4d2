package io.parley.zk.interpreter;

import io.parley.zk.field.FieldElement;
import java.math.BigInteger;
import java.util.Map;

/**
 * One member's results: the opened public outputs (equal at every honest member), its shares of
 * outputs for an address (to hand to the owner), and its shares of the new secret state.
 */
public record CircuitResult(
    Map<String, BigInteger[]> publicOutputs,
    Map<String, FieldElement[]> addressShares,
    Map<String, FieldElement[]> stateShares) {}
