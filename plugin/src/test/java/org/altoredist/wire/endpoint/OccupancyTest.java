package org.altoredist.wire.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's per-address connection limit counts an IPv6 /64 as one address
 * (bep_ar_alto.md, Limits, "connections from one IP address"): a host that holds a /64 gains
 * nothing by opening each connection from another of its addresses. Checked on the rule itself,
 * with remote addresses a single loopback cannot produce: one network namespace gives one IPv6
 * address, {@code ::1}, and binding many addresses of a prefix needs the host's network
 * configured, which a unit test must not do. {@link ConnectionLimitsTest} checks the same rule
 * over real sockets on IPv4 loopback.
 */
class OccupancyTest {

  private static final InetSocketAddress LOCAL = new InetSocketAddress("::1", 6881);
  private final List<Occupant> present = new ArrayList<>();
  private long clock;

  /** A connection as the rule sees it; closing removes it from the endpoint's set, as a real one does. */
  private final class Occupant implements Occupancy.Occupant {
    final InetSocketAddress remote;
    final boolean useful;
    final long lastMessageAt = clock++;
    DisconnectReason closedFor;

    Occupant(String ip, boolean useful) {
      this.remote = new InetSocketAddress(ip, 40000);
      this.useful = useful;
    }

    @Override public InetSocketAddress remoteAddress() { return remote; }
    @Override public boolean useful() { return useful; }
    @Override public long lastMessageAt() { return lastMessageAt; }

    @Override
    public void close(DisconnectReason reason, String detail) {
      closedFor = reason;
      present.remove(this);
    }
  }

  private List<Occupant> fill(String prefix, int n, boolean useful) {
    List<Occupant> added = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      added.add(new Occupant(prefix + (prefix.contains(":") ? Integer.toHexString(i) : Integer.toString(i)), useful));
    }
    present.addAll(added);
    return added;
  }

  private boolean admits(String ip) {
    return Occupancy.makeRoomFor(present, new InetSocketAddress(ip, 50000), LOCAL);
  }

  @Test
  void theSeventeenthConnectionFromOneIpv6PrefixReplacesAnIdleOneOfThatPrefix() {
    List<Occupant> prefix = fill("2001:db8:1:2::", WireLimits.MAX_CONNECTIONS_PER_ADDRESS, false);
    assertTrue(admits("2001:db8:1:2:ffff:ffff:ffff:ffff"), "an idle connection of the prefix makes room");
    assertEquals(DisconnectReason.MADE_ROOM, prefix.get(0).closedFor, "the one idle longest");
    assertEquals(WireLimits.MAX_CONNECTIONS_PER_ADDRESS - 1, present.size(), "and no other");
  }

  @Test
  void theSeventeenthConnectionFromAnIpv6PrefixOfUsefulConnectionsIsRefused() {
    fill("2001:db8:1:2::", WireLimits.MAX_CONNECTIONS_PER_ADDRESS, true);
    assertFalse(admits("2001:db8:1:2::abcd"), "a new address of the same /64");
    assertEquals(WireLimits.MAX_CONNECTIONS_PER_ADDRESS, present.size(), "nobody made room");
  }

  @Test
  void aFullIpv6PrefixLeavesAnotherPrefixUnaffected() {
    fill("2001:db8:1:2::", WireLimits.MAX_CONNECTIONS_PER_ADDRESS, true);
    assertTrue(admits("2001:db8:1:3::1"), "the neighbouring /64 is another subscriber");
    assertEquals(WireLimits.MAX_CONNECTIONS_PER_ADDRESS, present.size(), "nobody made room");
  }

  @Test
  void ipv4AddressesCountOneByOne() {
    fill("192.0.2.", WireLimits.MAX_CONNECTIONS_PER_ADDRESS, true);
    assertTrue(admits("192.0.2.200"), "neighbouring IPv4 addresses are not grouped");
    present.clear();
    for (int i = 0; i < WireLimits.MAX_CONNECTIONS_PER_ADDRESS; i++) {
      present.add(new Occupant("192.0.2.1", true));
    }
    assertFalse(admits("192.0.2.1"), "one IPv4 address at its limit of useful connections");
  }

  /**
   * A full endpoint makes room in the address holding the most: useful connections spread over
   * the addresses of one /64 are one address holding them all, not many holding one each.
   */
  @Test
  void usefulConnectionsSpreadOverOneIpv6PrefixDoNotLockANewcomerOut() {
    fill("2001:db8:1:2::", WireLimits.MAX_CONNECTIONS, true);
    assertTrue(admits("2001:db8:9:9::1"), "a newcomer from another /64");
    assertEquals(WireLimits.MAX_CONNECTIONS - 1, present.size(), "one connection of the crowded /64 made room");
  }
}
