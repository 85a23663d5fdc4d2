package io.parley.zk.computation;

import io.parley.zk.session.ProtocolSession;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One session of a member's computation, for its driver to run to an outcome: {@code id} is the
 * computation id every envelope of the session carries (route by it), {@code name} a label for logs
 * and traffic counters ({@code prep/0}, {@code input}, {@code online}, ...).
 */
public record Phase(String name, Bytes32 id, ProtocolSession<?> session) {}
