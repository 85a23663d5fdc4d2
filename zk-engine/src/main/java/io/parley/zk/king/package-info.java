/**
 * King-based openings for the Shamir engine (ADR 0025, docs/spec/king-opening.md): each value of an
 * opening is reconstructed by one member, its king (Damgard and Nielsen, CRYPTO 2007), who
 * broadcasts it with a signed statement; the members then echo every king's statement and open a
 * random linear combination of their shares minus the announced values, which must be zero. A
 * member thus sends 2 values per opened value to one king instead of one to every member, and every
 * deviation is caught in the step it happens and attributed with evidence a third party checks.
 */
package io.parley.zk.king;
