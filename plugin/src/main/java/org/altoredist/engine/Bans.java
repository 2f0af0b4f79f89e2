package org.altoredist.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.altoredist.wire.AddressGroup;

/**
 * Whom a protocol violation shuts out (bep_ar_alto.md, "Bans"). The peer that broke the rules is
 * punished first: its endpoint (the address and port it listens on, or the connection's own
 * address and port when it named none) is neither accepted nor dialled for the engine's ban
 * period. A whole address ({@link AddressGroup}: an IPv4 address or an IPv6 /64, which one host
 * holds whole) is shut out only when {@link #ADDRESS_STRIKES} different endpoints in it broke the
 * rules within {@link #STRIKE_WINDOW}, and then only for {@link #ADDRESS_BAN}: behind one NAT or
 * carrier-grade NAT address sit many honest peers, and ISPs that deploy ALTO run CGNAT.
 * Loop-confined.
 */
final class Bans {

  /**
   * Different endpoints of one address that must break the rules before the address itself is
   * shut out: one faulty or hostile peer behind a shared address is not enough, a second could
   * be bad luck, a third from the same address within the window is a pattern.
   */
  static final int ADDRESS_STRIKES = 3;

  /** How long a strike against an address counts toward {@link #ADDRESS_STRIKES}. */
  static final Duration STRIKE_WINDOW = Duration.ofMinutes(10);

  /**
   * How long an address is shut out: long enough that a host rotating its source ports gains
   * little, short enough that the honest peers behind the same address are back within minutes.
   * Fixed, never extended beyond this by further strikes: a ban is bounded.
   */
  static final Duration ADDRESS_BAN = Duration.ofMinutes(10);

  /** Banned endpoints, and addresses with strikes or bans, remembered; the oldest go first beyond this. */
  static final int MAX_ENTRIES = 4096;

  private final long endpointBanNanos;
  private final LinkedHashMap<InetSocketAddress, Long> endpointUntil = new LinkedHashMap<>();
  private final LinkedHashMap<AddressGroup, Long> addressUntil = new LinkedHashMap<>();
  private final LinkedHashMap<AddressGroup, Deque<Strike>> strikes = new LinkedHashMap<>();

  private record Strike(InetSocketAddress endpoint, long at) {}

  Bans(long endpointBanNanos) {
    this.endpointBanNanos = endpointBanNanos;
  }

  /**
   * Records a violation by the peer at {@code endpoint}; returns true when it also shut out the
   * endpoint's whole address (its {@link AddressGroup}).
   */
  boolean violation(InetSocketAddress endpoint, long now) {
    put(endpointUntil, endpoint, now + endpointBanNanos);
    AddressGroup address = AddressGroup.of(endpoint.getAddress());
    Deque<Strike> list = strikes.remove(address);
    list = list == null ? new ArrayDeque<>() : list;
    list.removeIf(s -> now - s.at >= STRIKE_WINDOW.toNanos() || s.endpoint.equals(endpoint));
    list.add(new Strike(endpoint, now));
    put(strikes, address, list);
    if (list.size() < ADDRESS_STRIKES) {
      return false;
    }
    strikes.remove(address);
    // Strikes during a ban (from connections already open) do not extend it: a ban is bounded.
    if (!active(addressUntil, address, now)) {
      put(addressUntil, address, now + ADDRESS_BAN.toNanos());
    }
    return true;
  }

  /**
   * Refuses {@code endpoint} until {@code until}, unless a ban already lasts longer; no strike
   * against its address: for a peer given up on without a violation.
   */
  void rest(InetSocketAddress endpoint, long until) {
    Long banned = endpointUntil.get(endpoint);
    if (banned == null || banned < until) {
      put(endpointUntil, endpoint, until);
    }
  }

  /** Whether a connection from or to {@code endpoint} is refused now. */
  boolean refuses(InetSocketAddress endpoint, long now) {
    return active(endpointUntil, endpoint, now) || refuses(endpoint.getAddress(), now);
  }

  /** Whether every endpoint of {@code address} is refused now: its whole group is shut out. */
  boolean refuses(InetAddress address, long now) {
    return active(addressUntil, AddressGroup.of(address), now);
  }

  private static <K> boolean active(Map<K, Long> until, K key, long now) {
    Long u = until.get(key);
    if (u != null && now >= u) {
      until.remove(key);
      return false;
    }
    return u != null;
  }

  private static <K, V> void put(LinkedHashMap<K, V> map, K key, V value) {
    map.remove(key);
    map.put(key, value);
    for (Iterator<K> it = map.keySet().iterator(); map.size() > MAX_ENTRIES; ) {
      it.next();
      it.remove();
    }
  }
}
