package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The rule that names one ALTO peer per PID its gateway, the same at each of them. */
class PidGatewayTest {

  private static final long S = 1_000_000_000L;
  /** The loopback ISP's layout: 127.0.p.h is in PID p. */
  private static final Function<InetAddress, String> PID_OF = a -> "pid-" + (a.getAddress()[2] & 0xff);

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  @Test
  void everyAltoPeerOfAPidNamesTheSameGateway() {
    List<InetAddress> pid = new ArrayList<>();
    for (int h = 2; h < 14; h++) {
      pid.add(ip("127.0.3." + h));
    }
    Set<InetAddress> known = new HashSet<>(pid);
    known.add(ip("127.0.1.2"));
    known.add(ip("127.0.2.2"));
    Set<InetAddress> named = new HashSet<>();
    int gateways = 0;
    for (InetAddress self : pid) {
      PidGateway g = new PidGateway(self);
      boolean isGateway = g.update("pid-3", PID_OF, known, 0);
      gateways += isGateway ? 1 : 0;
      named.add(isGateway ? self : g.gateway());
    }
    assertEquals(1, gateways, "exactly one of the PID's peers is its gateway");
    assertEquals(1, named.size(), "all name the same one: " + named);
    InetAddress gateway = named.iterator().next();
    for (InetAddress a : pid) {
      assertTrue(PidGateway.score(gateway) <= PidGateway.score(a), "the lowest score wins");
    }
  }

  @Test
  void aPeerAloneInItsPidIsItsOwnGateway() {
    PidGateway g = new PidGateway(ip("127.0.3.2"));
    assertTrue(g.update("pid-3", PID_OF, Set.of(ip("127.0.1.2"), ip("127.0.2.7")), 0),
        "ALTO peers of other PIDs are not PID-mates");
    assertTrue(g.alone());
    assertNull(g.gateway());
  }

  @Test
  void aPeerTheMapPlacesNowhereIsItsOwnGateway() {
    PidGateway g = new PidGateway(ip("127.0.3.2"));
    assertTrue(g.update(null, PID_OF, Set.of(ip("127.0.3.3"), ip("127.0.3.4")), 0));
  }

  @Test
  void aPidMateCountsForTwoMinutesAfterItWasLastKnown() {
    InetAddress self = ip("127.0.3.2");
    InetAddress mate = lowerScoringThan(self);
    PidGateway g = new PidGateway(self);
    assertFalse(g.update("pid-3", PID_OF, Set.of(mate), 0));
    assertEquals(mate, g.gateway());
    assertFalse(g.update("pid-3", PID_OF, Set.of(), PidGateway.MEMORY_NANOS - S), "a link that dropped a while ago");
    assertTrue(g.update("pid-3", PID_OF, Set.of(), PidGateway.MEMORY_NANOS), "gone for two minutes");
    assertTrue(g.alone());
  }

  @Test
  void onlyAltoPeersThatAreNotTheirPidsGatewayBlockOthers() {
    InetAddress a = ip("127.0.4.2");
    InetAddress lower = lowerScoringThan(a);
    Set<InetAddress> alto = Set.of(a, lower);
    assertTrue(PidGateway.blocksOthers(a, PID_OF, alto), "a PID-mate blocks costlier PIDs while it downloads");
    assertFalse(PidGateway.blocksOthers(lower, PID_OF, alto), "the PID's gateway accepts anyone");
    assertFalse(PidGateway.blocksOthers(ip("127.0.4.9"), PID_OF, alto), "a vanilla peer accepts anyone");
  }

  /** An address of the same PID as {@code a} whose score is lower. */
  private static InetAddress lowerScoringThan(InetAddress a) {
    byte[] b = a.getAddress();
    for (int h = 1; h < 255; h++) {
      InetAddress c = ip("127.0." + (b[2] & 0xff) + "." + h);
      if (PidGateway.score(c) < PidGateway.score(a)) {
        return c;
      }
    }
    throw new AssertionError("no address of the PID scores under " + a);
  }
}
