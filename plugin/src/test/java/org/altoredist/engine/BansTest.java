package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;
import org.junit.jupiter.api.Test;

/**
 * A protocol violation punishes the peer that broke the rules, not every peer behind its address
 * (bep_ar_alto.md, "Bans"): the address is shut out only after violations from several of its
 * endpoints, and only for a bounded time.
 */
class BansTest {

  private static final InfoHash TORRENT = InfoHash.ofHex("ba5ba5ba5ba5ba5ba5ba5ba5ba5ba5ba5ba5ba5b");
  private static final long HOUR = Duration.ofHours(1).toNanos();

  /** A transport that only records whom the engine dials: the policy under test is Connections'. */
  private static final class Dials implements PeerTransport {
    final List<InetSocketAddress> dialled = new ArrayList<>();

    @Override public void start(Listener listener) { }
    @Override public void accept(InfoHash torrent) { }
    @Override public void refuse(InfoHash torrent) { }
    @Override public void dial(InfoHash torrent, InetSocketAddress remote) { dialled.add(remote); }
    @Override public InetSocketAddress localAddress() { return new InetSocketAddress("10.9.9.9", 6881); }
    @Override public void close() { }
  }

  /** An incoming connection from {@code ip}:{@code ephemeral} whose peer listens on {@code ip}:{@code port}. */
  private record Link(InetSocketAddress remoteAddress, Optional<InetSocketAddress> listenAddress) implements PeerLink {
    static Link of(String ip, int ephemeral, int port) {
      return new Link(new InetSocketAddress(ip, ephemeral), Optional.of(new InetSocketAddress(ip, port)));
    }

    @Override public InfoHash torrent() { return TORRENT; }
    @Override public boolean outgoing() { return false; }
    @Override public SendOutcome send(ArAltoMessage message) { return SendOutcome.SENT; }
    @Override public void disconnect() { }
  }

  private final Dials transport = new Dials();
  private final Connections connections = new Connections(transport, List.of(), 8, 32, HOUR, new SplittableRandom(1));

  @Test
  void aViolationShutsOutThePeerNotTheOthersBehindItsAddress() {
    Link bad = Link.of("100.64.0.1", 40001, 6881);
    assertNotNull(connections.opened(bad, 0));
    assertFalse(connections.ban(bad, 1), "one peer's violation does not ban its address");
    connections.closed(bad);

    assertNull(connections.opened(Link.of("100.64.0.1", 40002, 6881), 2), "the same peer, reconnecting");
    assertNotNull(connections.opened(Link.of("100.64.0.1", 40003, 6882), 3), "another peer behind the same CGNAT address");

    connections.learned(TORRENT, List.of(new InetSocketAddress("100.64.0.1", 6881),
        new InetSocketAddress("100.64.0.1", 6883)), 4);
    connections.dialMore(5);
    assertEquals(List.of(new InetSocketAddress("100.64.0.1", 6883)), transport.dialled);
  }

  @Test
  void violationsFromSeveralEndpointsBanTheAddressForABoundedTime() {
    long t = 0;
    for (int port = 7000; port < 7000 + Bans.ADDRESS_STRIKES; port++) {
      Link l = Link.of("100.64.0.2", port + 1000, port);
      assertNotNull(connections.opened(l, ++t));
      assertEquals(port == 7000 + Bans.ADDRESS_STRIKES - 1, connections.ban(l, ++t), "strike on port " + port);
      connections.closed(l);
    }
    assertNull(connections.opened(Link.of("100.64.0.2", 50000, 8000), ++t), "the address is banned now");
    long after = t + Bans.ADDRESS_BAN.toNanos();
    assertNotNull(connections.opened(Link.of("100.64.0.2", 50001, 8000), after), "the address ban has ended");
    assertNull(connections.opened(Link.of("100.64.0.2", 50002, 7000), after + 1), "the endpoint ban lasts longer");
  }

  /**
   * A host holds a whole IPv6 /64 and can take a fresh address in it for every connection: its
   * violations add up as if they came from one address, and the ban covers the prefix.
   */
  @Test
  void violationsFromSeveralAddressesOfOneIpv6PrefixBanThePrefix() {
    connections.learned(TORRENT, List.of(new InetSocketAddress("2001:db8:5:6::99", 6881),
        new InetSocketAddress("2001:db8:5:7::99", 6881)), 0);
    long t = 0;
    for (int i = 1; i <= Bans.ADDRESS_STRIKES; i++) {
      Link l = Link.of("2001:db8:5:6::" + i, 40000, 6881);
      assertNotNull(connections.opened(l, ++t), "address " + i);
      assertEquals(i == Bans.ADDRESS_STRIKES, connections.ban(l, ++t), "strike from address " + i);
      connections.closed(l);
    }
    assertNull(connections.opened(Link.of("2001:db8:5:6:ffff::4", 40000, 6881), ++t), "a fourth address of the /64");
    assertNotNull(connections.opened(Link.of("2001:db8:5:7::1", 40000, 6881), ++t), "an address of the next /64");
    connections.dialMore(++t);
    assertEquals(List.of(new InetSocketAddress("2001:db8:5:7::99", 6881)), transport.dialled,
        "a known endpoint in the banned /64 is not dialled");
  }

  @Test
  void anEndpointBanCoversOnlyThatIpv6Address() {
    Link bad = Link.of("2001:db8:5:8::1", 40000, 6881);
    assertNotNull(connections.opened(bad, 0));
    assertFalse(connections.ban(bad, 1));
    connections.closed(bad);
    assertNull(connections.opened(Link.of("2001:db8:5:8::1", 40001, 6881), 2), "the same endpoint");
    assertNotNull(connections.opened(Link.of("2001:db8:5:8::2", 40000, 6881), 3), "another host of the same /64");
  }

  /**
   * Strikes while the address is shut out (from connections opened before) do not extend the ban:
   * bep_ar_alto.md, "Bans": a fixed time that further violations do not extend beyond.
   */
  @Test
  void strikesDuringAnAddressBanDoNotExtendIt() {
    long t = 0;
    for (int port = 7100; port < 7100 + 2 * Bans.ADDRESS_STRIKES; port++) {
      Link l = Link.of("100.64.0.4", port + 1000, port);
      connections.opened(l, t);
      connections.ban(l, t);
      connections.closed(l);
      t += Bans.ADDRESS_BAN.toNanos() / (2 * Bans.ADDRESS_STRIKES);
    }
    long end = (Bans.ADDRESS_STRIKES - 1) * (Bans.ADDRESS_BAN.toNanos() / (2 * Bans.ADDRESS_STRIKES))
        + Bans.ADDRESS_BAN.toNanos();
    assertNull(connections.opened(Link.of("100.64.0.4", 50000, 8000), end - 1), "still within the ban");
    assertNotNull(connections.opened(Link.of("100.64.0.4", 50001, 8000), end),
        "ten minutes after the third strike, whatever came during the ban");
  }

  /** A peer given up on without a violation (unresponsive) rests a minute: no ban, no strike. */
  @Test
  void aRestingPeerIsBackAfterAMinuteAndCostsItsAddressNothing() {
    long t = 0;
    for (int port = 7200; port < 7200 + Bans.ADDRESS_STRIKES; port++) {
      Link l = Link.of("100.64.0.5", port + 1000, port);
      assertNotNull(connections.opened(l, t));
      connections.rest(l, t);
      connections.closed(l);
      assertNull(connections.opened(Link.of("100.64.0.5", port + 2000, port), t + 1), "resting, port " + port);
    }
    assertNotNull(connections.opened(Link.of("100.64.0.5", 50000, 8000), t + 1), "its address is not shut out");
    assertNotNull(connections.opened(Link.of("100.64.0.5", 50001, 7200), t + Connections.REST.toNanos()),
        "back after its rest");
  }

  @Test
  void strikesOlderThanTheWindowDoNotAddUp() {
    long t = 0;
    for (int i = 0; i < Bans.ADDRESS_STRIKES * 2; i++) {
      Link l = Link.of("100.64.0.3", 9000 + i, 6000 + i);
      connections.opened(l, t);
      assertFalse(connections.ban(l, t), "strike " + i);
      connections.closed(l);
      t += Bans.STRIKE_WINDOW.toNanos() / (Bans.ADDRESS_STRIKES - 1);
    }
  }

  @Test
  void bansAreForgottenOldestFirstBeyondTheBound() {
    Bans bans = new Bans(HOUR);
    for (int i = 0; i <= Bans.MAX_ENTRIES; i++) {
      bans.violation(new InetSocketAddress("100.65." + (i >> 8) + "." + (i & 0xff), 1), 0);
    }
    assertFalse(bans.refuses(new InetSocketAddress("100.65.0.0", 1), 1), "the oldest was forgotten");
    assertTrue(bans.refuses(new InetSocketAddress("100.65.16.0", 1), 1), "the newest is remembered");
  }
}
