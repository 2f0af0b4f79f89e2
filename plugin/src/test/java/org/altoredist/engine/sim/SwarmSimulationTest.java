package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whole swarms in virtual time, one driver with named fault flags (libtorrent's
 * simulation/test_metadata_extension.cpp is the model). Small swarms, small maps: the figures of the
 * issue come from the documented 10,000-node run, not from here; these check the behaviour.
 */
class SwarmSimulationTest {

  static final int NODES = 30;
  static final int VERSIONS = 2;

  static SimulationConfig config(Set<Fault> faults) {
    return SimulationConfig.stable(NODES, 7, 6, 64 * 1024, 8, VERSIONS, 32, Duration.ofMillis(100), faults, 2, 300);
  }

  static SimulationResult run(Fault... faults) {
    Set<Fault> set = faults.length == 0 ? Set.of() : EnumSet.of(faults[0], faults);
    return new Simulation(config(set), line -> { }).run();
  }

  /** Every honest node holds every version; each resource version cost the server one request. */
  private static void assertConvergedWithOneRequestPerResourceVersion(SimulationResult r) {
    assertTrue(r.converged(), () -> "not every honest node got every version: " + r.versions());
    assertEquals(3L * VERSIONS, r.serverRequests(), "ALTO-server requests");
    for (SimulationResult.Version v : r.versions()) {
      assertEquals(3, v.serverRequests(), "requests for version " + v.version());
    }
  }

  /** Every honest node the offenders cheated has dropped them. */
  private static void assertOffendersDropped(SimulationResult r) {
    assertTrue(r.offenders().stream().allMatch(o -> o.cheated() > 0), () -> "the fault never played: " + r.offenders());
    for (SimulationResult.Offenders o : r.offenders()) {
      assertEquals(0, o.stillLinked(), () -> o.fault() + ": cheated nodes that kept the offender: " + o);
    }
  }

  @Test
  void honestSwarmGetsEveryVersionFromOneServerRequestPerResource() {
    SimulationResult r = run();
    assertConvergedWithOneRequestPerResourceVersion(r);
    assertTrue(r.payloadRatio() <= 1.1, "piece bytes per version / size: " + r.payloadRatio());
    assertEquals(0, r.peersDropped(), "honest nodes dropped an honest peer");
  }

  /** The driver of the fault scenarios: honest nodes converge as without faults, offenders are dropped. */
  private static void assertSurvives(Fault... faults) {
    SimulationResult r = run(faults);
    assertConvergedWithOneRequestPerResourceVersion(r);
    assertOffendersDropped(r);
  }

  @Test
  void forgedSignatureIsDroppedWhereItWasOffered() {
    assertSurvives(Fault.FORGED_SIGNATURE);
  }

  @Test
  void replayedOlderVersionUnderANewerSequenceIsDropped() {
    assertSurvives(Fault.REPLAYED_SEQUENCE);
  }

  @Test
  void anotherServicesValidSignatureIsDroppedAtTheSecondClaim() {
    assertSurvives(Fault.OTHER_SERVICE);
  }

  @Test
  void peerThatAdvertisesAndNeverDeliversIsRoutedAroundAndDropped() {
    assertSurvives(Fault.NEVER_DELIVERS);
  }

  @Test
  void peerClaimingAVersionNobodyHasIsDroppedAndTheRealVersionStillArrivesFromPeers() {
    assertSurvives(Fault.PHANTOM_VERSION);
  }

  @Test
  void peerSendingMoreThanItAnnouncedIsDropped() {
    assertSurvives(Fault.LARGER_THAN_ANNOUNCED);
  }

  @Test
  void inventoryFlooderIsDisconnectedByTheWireRules() {
    assertSurvives(Fault.INVENTORY_FLOOD);
  }

  @Test
  void malformedMessageIsDisconnectedByTheWireRules() {
    assertSurvives(Fault.MALFORMED_MESSAGE);
  }

  @Test
  void unsolicitedDataIsDisconnectedByTheWireRules() {
    assertSurvives(Fault.UNSOLICITED_DATA);
  }

  @Test
  void forgedDeltaIsDroppedAndTheVersionComesAnotherWay() {
    assertSurvives(Fault.FORGED_DELTA);
  }

  @Test
  void everyFaultAtOnceStillConverges() {
    assertSurvives(Fault.FORGED_SIGNATURE, Fault.REPLAYED_SEQUENCE, Fault.OTHER_SERVICE, Fault.NEVER_DELIVERS,
        Fault.PHANTOM_VERSION, Fault.LARGER_THAN_ANNOUNCED, Fault.INVENTORY_FLOOD, Fault.MALFORMED_MESSAGE,
        Fault.UNSOLICITED_DATA, Fault.FORGED_DELTA);
  }

  /** A slow peer answers, so it is no offender: it is routed around, not dropped. */
  @Test
  void verySlowPeerIsRoutedAround() {
    SimulationResult r = run(Fault.SLOW);
    assertConvergedWithOneRequestPerResourceVersion(r);
    assertTrue(r.offenders().get(0).cheated() > 0, "nobody asked the slow peer");
  }
}
