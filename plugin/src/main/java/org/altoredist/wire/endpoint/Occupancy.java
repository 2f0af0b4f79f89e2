package org.altoredist.wire.endpoint;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.altoredist.wire.AddressGroup;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a newcomer may join an endpoint's connections, and whose place it takes
 * (bep_ar_alto.md, Limits: "connections of one endpoint", "connections from one IP address"). An
 * address here is an {@link AddressGroup}: an IPv4 address or an IPv6 /64. Kept
 * apart from the sockets so that the rule can be checked on any mix of remote addresses, which
 * one machine's loopback cannot produce. Confined to the endpoint's network thread.
 */
final class Occupancy {

  private static final Logger log = LoggerFactory.getLogger(Occupancy.class);

  /** What the rule reads of a connection, and the one thing it does to it. */
  interface Occupant {
    InetSocketAddress remoteAddress();

    /** Whether the connection has been of use: the first to go are those that have not. */
    boolean useful();

    /** When the connection last carried an {@code ar_alto} message ({@link System#nanoTime}). */
    long lastMessageAt();

    void close(DisconnectReason reason, String detail);
  }

  private Occupancy() {}

  /**
   * Whether a newcomer from {@code remote} may join {@code present} (the endpoint's live set of
   * connections, from which a closed connection removes itself), closing the least useful
   * connection where a limit is reached (WireLimits.MAX_CONNECTIONS_PER_ADDRESS, MAX_CONNECTIONS):
   * first among the connections of the newcomer's own address, then among all. A newcomer is
   * refused only when every connection in its way is useful, so a flood of idle sockets displaces
   * only itself and other idle sockets, never the peers that exchange maps; and, when the endpoint
   * is full of useful connections, only while no address holds more than the newcomer's would
   * ({@link #evictCrowded}).
   */
  static boolean makeRoomFor(Collection<? extends Occupant> present, InetSocketAddress remote,
      InetSocketAddress local) {
    AddressGroup group = AddressGroup.of(remote.getAddress());
    List<Occupant> sameAddress = new ArrayList<>();
    for (Occupant c : present) {
      if (group.contains(c.remoteAddress().getAddress())) {
        sameAddress.add(c);
      }
    }
    if (sameAddress.size() >= WireLimits.MAX_CONNECTIONS_PER_ADDRESS && !evictLeastUseful(sameAddress, remote)) {
      log.info("endpoint {}: refused {}: {} useful connections from {} already", local, remote,
          sameAddress.size(), group);
      return false;
    }
    if (present.size() >= WireLimits.MAX_CONNECTIONS && !evictLeastUseful(present, remote)
        && !evictCrowded(present, sameAddress.size() + 1, remote)) {
      log.info("endpoint {}: refused {}: {} useful connections already", local, remote, present.size());
      return false;
    }
    return true;
  }

  /** Closes the connection of {@code among} that is not useful and idle longest; false if none qualifies. */
  private static boolean evictLeastUseful(Collection<? extends Occupant> among, InetSocketAddress newcomer) {
    Occupant victim = idleLongest(among, c -> !c.useful());
    if (victim == null) {
      return false;
    }
    victim.close(DisconnectReason.MADE_ROOM, "made room for " + newcomer);
    return true;
  }

  /**
   * Closes the connection idle longest of the address holding the most, if that address holds more
   * than {@code newcomerWouldHold}; false otherwise. One inventory makes a connection useful and
   * costs its sender nothing, so without this a few addresses at their limit each (13 of 16 fill
   * 200) would keep every newcomer out for as long as they kept alive: an address keeps its useful
   * connections only while no newcomer's address would be left with fewer.
   */
  private static boolean evictCrowded(Collection<? extends Occupant> present, int newcomerWouldHold,
      InetSocketAddress newcomer) {
    Map<AddressGroup, List<Occupant>> byAddress = new HashMap<>();
    for (Occupant c : present) {
      byAddress.computeIfAbsent(AddressGroup.of(c.remoteAddress().getAddress()), a -> new ArrayList<>()).add(c);
    }
    List<Occupant> crowded = List.of();
    for (List<Occupant> held : byAddress.values()) {
      crowded = held.size() > crowded.size() ? held : crowded;
    }
    if (crowded.size() <= newcomerWouldHold) {
      return false;
    }
    idleLongest(crowded, c -> true).close(DisconnectReason.MADE_ROOM,
        "made room for " + newcomer + ": " + AddressGroup.of(crowded.get(0).remoteAddress().getAddress()) + " held "
        + crowded.size());
    return true;
  }

  /** The connection of {@code among} that {@code may} go and has gone longest without a message; null if none may. */
  private static Occupant idleLongest(Collection<? extends Occupant> among, Predicate<Occupant> may) {
    Occupant victim = null;
    for (Occupant c : among) {
      if (may.test(c) && (victim == null || c.lastMessageAt() - victim.lastMessageAt() < 0)) {
        victim = c;
      }
    }
    return victim;
  }
}
