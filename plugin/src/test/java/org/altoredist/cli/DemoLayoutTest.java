package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each demo layout places the peers as its name promises (issue 12's layouts), with the peer
 * counts steering is checked with ({@link SteeringLayouts}); the seeder is in pid-1.
 */
class DemoLayoutTest {

  /** Peers per PID, the seeder counted in pid-1: [ALTO, vanilla]. */
  private static Map<Integer, int[]> count(SteeringLayouts c) {
    DemoLayout l = c.layout;
    assertNull(l.refuse(c.alto, c.vanilla, c.pids), l.flag());
    List<DemoLayout.Slot> slots = l.place(c.alto, c.vanilla, c.pids);
    assertEquals(c.alto + c.vanilla, slots.size());
    for (int i = 0; i < slots.size(); i++) {
      assertEquals(i < c.alto, slots.get(i).alto(), "ALTO peers are placed first, as the demo lists them");
    }
    Map<Integer, int[]> byPid = new TreeMap<>();
    byPid.computeIfAbsent(l.seederPid(), p -> new int[2])[0]++;
    for (DemoLayout.Slot s : slots) {
      assertTrue(s.pid() >= 1 && s.pid() <= c.pids, "PID " + s.pid());
      byPid.computeIfAbsent(s.pid(), p -> new int[2])[s.alto() ? 0 : 1]++;
    }
    return byPid;
  }

  @Test
  void pairsPutsTwoPeersInEveryPidTheSeederIncluded() {
    Map<Integer, int[]> byPid = count(SteeringLayouts.PAIRS);
    assertEquals(8, byPid.size());
    byPid.forEach((pid, n) -> assertEquals(2, n[0] + n[1], "pid-" + pid));
    assertTrue(byPid.values().stream().anyMatch(n -> n[0] == 2), "some PID holds two ALTO peers");
    assertTrue(byPid.values().stream().anyMatch(n -> n[0] == 1 && n[1] == 1), "some an ALTO and a vanilla peer");
    assertNotNull(DemoLayout.PAIRS.refuse(12, 4, 8), "16 downloaders and the seeder do not fit 8 PIDs of 2");
  }

  @Test
  void seederAloneLeavesPid1ToTheSeeder() {
    Map<Integer, int[]> byPid = count(SteeringLayouts.SEEDER_ALONE);
    assertEquals(1, byPid.get(1)[0] + byPid.get(1)[1]);
  }

  @Test
  void altoAloneLeavesOneAltoPeerAloneInTheLastPid() {
    Map<Integer, int[]> byPid = count(SteeringLayouts.ALTO_ALONE);
    assertEquals(1, byPid.get(3)[0]);
    assertEquals(0, byPid.get(3)[1]);
  }

  @Test
  void vanillaPidPutsEveryVanillaPeerAndNoAltoPeerInTheLastPid() {
    Map<Integer, int[]> byPid = count(SteeringLayouts.VANILLA_PID);
    assertEquals(0, byPid.get(3)[0]);
    assertEquals(2, byPid.get(3)[1]);
  }

  @Test
  void crowdedPutsNinetyPercentOfTheDownloadersInPid1() {
    Map<Integer, int[]> byPid = count(SteeringLayouts.CROWDED);
    assertEquals(9, byPid.get(1)[0] - 1 + byPid.get(1)[1], "9 of 10 downloaders beside the seeder");
  }

  @Test
  void altoPidHoldsOnlyAltoPeersInTheLastPid() {
    Map<Integer, int[]> byPid = count(SteeringLayouts.ALTO_PID);
    assertTrue(byPid.get(3)[0] >= 2, "more than one ALTO peer, so blocks stand there");
    assertEquals(0, byPid.get(3)[1]);
  }
}
