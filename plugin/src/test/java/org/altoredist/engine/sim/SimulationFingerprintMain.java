package org.altoredist.engine.sim;

/** Prints the fingerprint of {@link SimulationDeterminismTest#config()}'s run, for the test to compare across JVMs. */
public final class SimulationFingerprintMain {

  static final String PREFIX = "fingerprint ";

  private SimulationFingerprintMain() {}

  public static void main(String[] args) {
    System.out.println(PREFIX + SimulationDeterminismTest.fingerprint(SimulationDeterminismTest.config(), 0));
  }
}
