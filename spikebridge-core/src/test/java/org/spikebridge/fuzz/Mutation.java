package org.spikebridge.fuzz;

/** Turns the bytes of one file of a seed into the bytes of a fuzz case. */
@FunctionalInterface
public interface Mutation {
  /** The mutated bytes; {@code mutator} supplies the case's random numbers and byte mutations. */
  byte[] apply(byte[] bytes, Mutator mutator);
}
