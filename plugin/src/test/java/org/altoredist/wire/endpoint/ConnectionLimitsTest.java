package org.altoredist.wire.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.testing.Await;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's connection limits (bep_ar_alto.md, Limits): one address holds at most
 * {@link WireLimits#MAX_CONNECTIONS_PER_ADDRESS} connections, and a full endpoint makes room for a
 * newcomer by closing its least useful connection, so idle sockets cannot lock honest peers out.
 */
class ConnectionLimitsTest {

  private static final byte[] BUNDLE = HostilePeerTest.pattern(100_000);
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
  }

  /** Opens {@code n} connections from {@code ip}, each sending a valid BEP 3 handshake and then nothing. */
  private void idle(InetSocketAddress endpoint, String ip, int n) throws IOException {
    byte[] handshake = ScriptedPeer.handshake(LoopbackTransfer.TORRENT, true, true);
    for (int i = 0; i < n; i++) {
      Socket s = new Socket();
      sockets.add(s);
      s.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
      s.connect(endpoint, 5000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(handshake);
      } catch (IOException closedAlready) {
        // the endpoint may already have closed it to make room for the next: that is the point
      }
    }
  }

  private static long from(LoopbackTransfer t, String ip) {
    return t.holderPeers().stream().filter(p -> p.remoteAddress().getAddress().getHostAddress().equals(ip)).count();
  }

  @Test
  void anHonestPeerFetchesWhileOneAddressHoldsAThousandConnectionAttempts() throws Exception {
    try (LoopbackTransfer t = LoopbackTransfer.open(BUNDLE, "127.0.1.1", "127.0.1.2", WireConfig.defaults(),
        holder -> idle(holder, "127.0.9.9", 1000))) {
      assertTrue(from(t, "127.0.9.9") <= WireLimits.MAX_CONNECTIONS_PER_ADDRESS, "the flooding address holds "
          + from(t, "127.0.9.9"));
      assertArrayEquals(BUNDLE, t.fetch());
      idle(holderOf(t), "127.0.9.9", 1000);
      assertArrayEquals(BUNDLE, t.fetch(), "and again while the same address makes another 1,000 attempts");
      assertTrue(from(t, "127.0.9.9") <= WireLimits.MAX_CONNECTIONS_PER_ADDRESS);
    }
  }

  @Test
  void aFullEndpointMakesRoomByClosingItsLeastUsefulConnection() throws Exception {
    try (LoopbackTransfer t = LoopbackTransfer.open(BUNDLE, "127.0.1.1", "127.0.1.2", WireConfig.defaults())) {
      assertArrayEquals(BUNDLE, t.fetch());
      InetSocketAddress holder = holderOf(t);
      int addresses = WireLimits.MAX_CONNECTIONS / WireLimits.MAX_CONNECTIONS_PER_ADDRESS + 1;
      for (int a = 1; a <= addresses; a++) {
        idle(holder, "127.0.2." + a, WireLimits.MAX_CONNECTIONS_PER_ADDRESS);
      }
      Await.until("the holder has its limit of connections", RecordingListener.DEADLINE,
          () -> t.holderPeers().size() == WireLimits.MAX_CONNECTIONS);
      idle(holder, "127.0.3.1", 1);
      Await.until("the newcomer is connected", RecordingListener.DEADLINE, () -> from(t, "127.0.3.1") == 1);
      assertTrue(from(t, "127.0.1.2") == 1, "the peer that fetched keeps its connection");
      assertArrayEquals(BUNDLE, t.fetch(), "and can fetch again over it");
    }
  }

  /**
   * One inventory makes a connection useful and costs its sender nothing: a few addresses, each at
   * its limit of connections that all sent one, fill the endpoint. A newcomer from another address
   * still gets in, in the place of a connection of an address that holds the most.
   */
  @Test
  void usefulConnectionsOfAFewAddressesDoNotLockANewcomerOut() throws Exception {
    RecordingListener listener = new RecordingListener();
    BundleClaim claim = new BundleClaim("https://alto.example.net/directory", "my-default-network-map", 1,
        BUNDLE.length, HostilePeerTest.HANDLE);
    byte[] inventory = ScriptedPeer.extended(1, ExtensionMessageCodec.encode(
        new ArAltoMessage.Inventory(List.of(claim), List.of())));
    List<ScriptedPeer> peers = new ArrayList<>();
    try (WireEndpoint endpoint = WireEndpoint.open(new InetSocketAddress("127.0.1.1", 0), WireConfig.defaults(),
        listener)) {
      endpoint.register(LoopbackTransfer.TORRENT);
      for (int i = 0; i < WireLimits.MAX_CONNECTIONS; i++) {
        ScriptedPeer p = ScriptedPeer.connect(endpoint.localAddress(),
            "127.0.2." + (1 + i / WireLimits.MAX_CONNECTIONS_PER_ADDRESS));
        peers.add(p);
        p.open(LoopbackTransfer.TORRENT, HostilePeerTest.PEER_HANDSHAKE);
        p.send(inventory);
      }
      Await.until("every connection's inventory arrived", RecordingListener.DEADLINE,
          () -> listener.messages.size() == WireLimits.MAX_CONNECTIONS);
      ScriptedPeer newcomer = ScriptedPeer.connect(endpoint.localAddress(), "127.0.3.1");
      peers.add(newcomer);
      newcomer.open(LoopbackTransfer.TORRENT, HostilePeerTest.PEER_HANDSHAKE);
      RecordingListener.Disconnect made = listener.disconnects.poll(RecordingListener.DEADLINE.toSeconds(),
          java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(DisconnectReason.MADE_ROOM, made.reason(), made.toString());
      String fromAddress = made.peer().remoteAddress().getAddress().getHostAddress();
      assertTrue(fromAddress.startsWith("127.0.2."), "made room from " + fromAddress);
      assertTrue(endpoint.peers().stream().anyMatch(p -> p.remoteAddress().getAddress().getHostAddress()
          .equals("127.0.3.1")), "the newcomer is in");
    } finally {
      for (ScriptedPeer p : peers) {
        p.close();
      }
    }
  }

  private static InetSocketAddress holderOf(LoopbackTransfer t) {
    return t.holderSeenByFetcher().remoteAddress();
  }
}
