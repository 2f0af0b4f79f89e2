package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.SteeringEvent;
import org.altoredist.engine.HeldResource;
import org.altoredist.http.ServerStats;
import org.altoredist.it.swarm.AltoPeer;
import org.altoredist.it.swarm.AltoNode;
import org.altoredist.it.swarm.AltoService;
import org.altoredist.it.swarm.Aria2Peer;
import org.altoredist.it.swarm.Await;
import org.altoredist.it.swarm.BtAltoPeer;
import org.altoredist.it.swarm.BtContacts;
import org.altoredist.it.swarm.DisconnectLog;
import org.altoredist.it.swarm.HostilePeer;
import org.altoredist.it.swarm.LibtorrentPeer;
import org.altoredist.it.swarm.Loopback;
import org.altoredist.it.swarm.PacketCapture;
import org.altoredist.it.swarm.Pcap;
import org.altoredist.it.swarm.PythonLibtorrentPeer;
import org.altoredist.it.swarm.RtorrentPeer;
import org.altoredist.it.swarm.Swarm;
import org.altoredist.it.swarm.SwarmContent;
import org.altoredist.it.swarm.SwarmPeer;
import org.altoredist.it.swarm.Tracker;
import org.altoredist.it.swarm.TransmissionPeer;
import org.altoredist.it.swarm.WireAudit;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.MessageType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issue-8 scenarios: ALTO peers (libtorrent4j sessions with the plugin) in real swarms on
 * loopback, one driver with named flags in the style of libtorrent's simulation tests. The seeder
 * ({@link #SEEDER}) is the only ALTO peer that asks the ALTO server, refreshing every
 * {@link #SEEDER_REFRESH}; the others would wait five minutes before asking it, far past every
 * deadline here, so whatever maps they hold came from peers. Every wait is on a condition with a
 * deadline; the deadlines are generous because a loaded two-core machine runs a dozen sessions.
 */
class AltoSwarmIT {

  private static final Logger log = LoggerFactory.getLogger(AltoSwarmIT.class);

  /** Scenario flags; each says why it exists. */
  enum Flag {
    /** Transmission, aria2, python3-libtorrent and a vanilla libtorrent leech too: the extension must not disturb them. */
    THIRD_PARTY_CLIENTS,
    /** The operator publishes a new network map mid-swarm: it must supersede the old one on every ALTO peer. */
    NEW_VERSION,
    /**
     * One hostile endpoint per behaviour sits in every ALTO peer's bootstrap list ({@link Hostiles});
     * the operator publishes a second version before the ALTO peers join, so the replayer has an old one.
     */
    HOSTILE_PEERS,
    /** The ALTO server stops once the maps are out: a peer joining afterwards gets them from peers. */
    SERVER_DOWN,
    /** An ALTO peer restarts from its state directory with the server down, and alone serves a newcomer. */
    RESTART,
    /** tcpdump records lo, and every byte the ALTO peers sent is audited ({@link WireAudit}). */
    CAPTURE,
    /**
     * Bt clients carrying ar_alto in-wire ({@link BtAltoPeer}) join beside the libtorrent4j ALTO
     * peers, whose ar_alto runs on endpoints: the two transports meet under the torrent's rendezvous
     * key at the tracker and in endpoints messages, and the maps must reach both.
     */
    BT_PEERS,
    /** Every ALTO peer, the seeder too, is a Bt client: ar_alto in-wire and nothing else. */
    BT_ONLY,
    /**
     * The seeder, the one ALTO peer that asks the server, is a Bt client: every version reaches the
     * endpoint peers by crossing from the in-wire transport.
     */
    BT_SEEDER
  }

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");
  static final InetAddress SEEDER = host(1, 1);
  /** The ALTO peers that join from the start, in PIDs 1 to 3. */
  static final List<InetAddress> ALTO_PEERS = List.of(host(1, 2), host(2, 1), host(3, 1));
  /** BT_PEERS' Bt clients, in PIDs 1 and 2. */
  static final List<InetAddress> BT_PEERS = List.of(host(1, 3), host(2, 3));
  /** rtorrent, with THIRD_PARTY_CLIENTS. */
  static final InetAddress RTORRENT = host(2, 4);
  /** SERVER_DOWN's peer that joins once the server is down, and RESTART's newcomer. */
  static final InetAddress LATE_JOINER = host(3, 3);
  static final InetAddress NEWCOMER = host(4, 3);
  static final Duration SEEDER_REFRESH = Duration.ofSeconds(2);
  private static final long CONTENT_SIZE = 4L << 20;
  private static final Duration MAPS_DEADLINE = Duration.ofMinutes(2);
  private static final Duration CONTENT_DEADLINE = Duration.ofMinutes(2);
  /** Once the content is complete, Bt only redials peers it lost, every 5 s: a few rounds of that. */
  private static final Duration CONTACT_DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private Swarm swarm;
  private AltoService service;
  private SwarmContent content;
  private AltoNode seeder;
  private final List<AltoNode> alto = new ArrayList<>();
  private final List<HostilePeer> hostiles = new ArrayList<>();

  @Test
  void aMixedSwarmConvergesOnEveryVersionAtOneServerRequestEachAndNoRankingLeaves() throws Exception {
    run(EnumSet.of(Flag.THIRD_PARTY_CLIENTS, Flag.NEW_VERSION, Flag.CAPTURE));
  }

  @Test
  void hostilePeersAreDroppedAndTheSwarmStillConverges() throws Exception {
    run(EnumSet.of(Flag.HOSTILE_PEERS));
  }

  @Test
  void withTheServerDownPeersServeEachOtherAndARestartedPeerServesAtOnce() throws Exception {
    run(EnumSet.of(Flag.SERVER_DOWN, Flag.RESTART));
  }

  @Test
  void bothTransportsAndEveryVanillaClientShareOneSwarmAndEachVersionCrossesToTheInWirePeers() throws Exception {
    run(EnumSet.of(Flag.BT_PEERS, Flag.THIRD_PARTY_CLIENTS, Flag.NEW_VERSION));
  }

  @Test
  void aBtOnlySwarmConvergesBesideEveryVanillaClient() throws Exception {
    run(EnumSet.of(Flag.BT_ONLY, Flag.THIRD_PARTY_CLIENTS, Flag.NEW_VERSION));
  }

  @Test
  void aNewVersionFromABtSeederCrossesToTheEndpointPeers() throws Exception {
    run(EnumSet.of(Flag.BT_SEEDER, Flag.BT_PEERS, Flag.NEW_VERSION));
  }

  void run(EnumSet<Flag> flags) throws Exception {
    if (flags.contains(Flag.CAPTURE)) {
      Assumptions.assumeTrue(PacketCapture.available(),
          "tcpdump is not installed (.ci/run installs it): the audit of what ALTO peers send cannot run");
    }
    try (Swarm s = new Swarm()) {
      swarm = s;
      List<InetAddress> captured = new ArrayList<>(ALTO_PEERS);
      captured.addAll(List.of(SEEDER, LATE_JOINER, NEWCOMER));
      PacketCapture capture = flags.contains(Flag.CAPTURE)
          ? s.own(PacketCapture.start(dir.resolve("capture"), captured)) : null;
      service = s.own(AltoService.start(dir.resolve("alto"), SERVICE, host(0, 10)));
      int trackerPort = Tracker.reservePort();
      content = SwarmContent.create(dir.resolve("content"), CONTENT_SIZE, 8, Tracker.announceUrl(trackerPort));
      List<byte[]> served = new ArrayList<>(List.of(content.infoHash()));
      boolean bt = flags.contains(Flag.BT_PEERS) || flags.contains(Flag.BT_ONLY) || flags.contains(Flag.BT_SEEDER);
      if (bt) {
        // Endpoint and in-wire peers meet under the torrent key at the torrent's own tracker.
        served.add(RendezvousKey.forTorrent(InfoHash.of(content.infoHash())).bytes());
      }
      s.tracker(Tracker.start(dir.resolve("tracker"), trackerPort, served));
      seeder = flags.contains(Flag.BT_SEEDER) || flags.contains(Flag.BT_ONLY)
          ? s.add(BtAltoPeer.start(SEEDER, null, content, true,
              service.bt(dir.resolve("state-seed")).refreshFromServerEvery(SEEDER_REFRESH)))
          : s.add(AltoPeer.start(SEEDER, null, content, true, null,
              service.plugin(dir.resolve("state-seed")).refreshFromServerEvery(SEEDER_REFRESH)));
      Await.until("the seeder holds the maps from the ALTO server", MAPS_DEADLINE,
          () -> seeder.held().size() == AltoService.RESOURCES, s::diagnostics);
      if (flags.contains(Flag.HOSTILE_PEERS)) {
        for (HostilePeer h : Hostiles.start(dir.resolve("hostile"), service, (AltoPeer) seeder, MAPS_DEADLINE,
            this::diagnostics)) {
          hostiles.add(s.own(h));
        }
      }
      for (InetAddress host : ALTO_PEERS) {
        if (flags.contains(Flag.BT_ONLY)) {
          startBtPeer(host);
        } else {
          startAltoPeer(host);
        }
      }
      if (flags.contains(Flag.BT_PEERS)) {
        for (InetAddress host : BT_PEERS) {
          startBtPeer(host);
        }
      }
      if (flags.contains(Flag.THIRD_PARTY_CLIENTS)) {
        s.add(LibtorrentPeer.leecher(host(4, 2), dir.resolve("vanilla"), content));
        s.add(TransmissionPeer.start(host(3, 2), dir.resolve("transmission"), content, false));
        s.add(Aria2Peer.start(host(2, 2), dir.resolve("aria2"), content, false));
        s.add(PythonLibtorrentPeer.start(host(4, 1), dir.resolve("python"), content, false));
        s.add(RtorrentPeer.start(RTORRENT, dir.resolve("rtorrent"), content));
        s.connectPassivePeers();
      }
      if (bt) {
        s.connectBtPeers();
      }
      awaitMapsEverywhere("the seeder's versions");

      if (flags.contains(Flag.NEW_VERSION)) {
        publishNewVersionAndAwaitIt();
      }
      if (flags.contains(Flag.HOSTILE_PEERS)) {
        Hostiles.awaitDroppedByAllTheyCheated(hostiles, allAltoPeers(), MAPS_DEADLINE, this::diagnostics);
      }
      if (flags.contains(Flag.SERVER_DOWN)) {
        service.stop();
        assertFalse(service.accepting(), "the ALTO server still accepts connections");
        startAltoPeer(LATE_JOINER);
        awaitMapsEverywhere("the maps, for a peer that joined after the ALTO server went down");
      }
      s.awaitAllComplete(content, CONTENT_DEADLINE);
      if (bt && flags.contains(Flag.THIRD_PARTY_CLIENTS)) {
        awaitEveryBtPeerMetAVanillaClient();
      }
      assertNoPeerDroppedAnAltoPeer();
      if (flags.contains(Flag.RESTART)) {
        restartAPeerAndHaveItAloneServeANewcomer();
      }
      assertOnlyTheSeederAskedTheServer();
      if (capture != null) {
        auditCapture(capture.stop());
      }
    }
  }

  /**
   * Host {@code n} of PID {@code p} of this test: 127.0.p.(200+n). The loopback interface is the
   * machine's, and other tests and demos run on it at the same time with hosts numbered from 1;
   * addresses of their own let the capture take this swarm's traffic only.
   */
  static InetAddress host(int p, int n) {
    return Loopback.host(p, 200 + n);
  }

  AltoPeer startAltoPeer(InetAddress host) throws IOException {
    String name = peerName(host);
    // The seeder's ar_alto address as a seed operator publishes it (the DHT of a few loopback nodes
    // forms slowly, and AltoPluginIT covers meeting through it alone); the DHT, the tracker and
    // endpoints messages find the rest. A Bt seeder's is its content port, dialled with the info-hash.
    AltoPlugin.Builder b = service.plugin(dir.resolve("state-" + name)).bootstrap(seeder.altoAddress());
    hostiles.forEach(h -> b.bootstrap(h.endpoint()));
    AltoPeer lt = seeder instanceof AltoPeer ltSeeder ? ltSeeder : null;
    AltoPeer p = swarm.add(AltoPeer.start(host, dir.resolve(name), content, false,
        lt == null ? null : lt.listenAddress(), b));
    if (lt != null) {
      // A few loopback DHT nodes find each other slowly around a bootstrap node that starts empty.
      lt.addDhtNode(p.listenAddress());
    }
    alto.add(p);
    return p;
  }

  /** A Bt client with ar_alto in-wire, told the seeder's ar_alto address as the libtorrent4j peers are. */
  BtAltoPeer startBtPeer(InetAddress host) throws IOException {
    String name = "bt-" + peerName(host);
    BtAltoPeer p = swarm.add(BtAltoPeer.start(host, dir.resolve(name), content, false,
        service.bt(dir.resolve("state-" + name)).bootstrap(seeder.altoAddress())));
    alto.add(p);
    return p;
  }

  /**
   * Vanilla clients see ar_alto in the extension handshakes of Bt peers and must never receive a
   * message under it: their own alerts and logs must show no connection to an ALTO peer dropped for
   * a protocol error (an unadvertised extended id, a message over a size cap).
   */
  private void assertNoPeerDroppedAnAltoPeer() {
    Set<InetAddress> altoHosts = allAltoPeers().stream().map(p -> p.listenAddress().getAddress())
        .collect(Collectors.toSet());
    List<String> drops = new ArrayList<>();
    for (SwarmPeer p : swarm.peers()) {
      if (p instanceof DisconnectLog d) {
        drops.addAll(d.protocolDrops(altoHosts));
      }
    }
    assertEquals(List.of(), drops, "connections to ALTO peers dropped for protocol errors");
  }

  /**
   * What keeps {@link #assertNoPeerDroppedAnAltoPeer} from passing because nobody met, as the Bt
   * peers saw it ({@link BtContacts}): each Bt peer, whose extension
   * handshake lists ar_alto, completed the BitTorrent and BEP 10 handshakes with at least one
   * vanilla client, and piece bytes moved between a Bt peer and a vanilla client. Not piece bytes
   * for each Bt peer: 4 MiB on loopback is done in seconds, and a vanilla client that finished
   * before a Bt peer dialled it has nothing to ask of it (libtorrent then closes the connection as
   * "upload to upload").
   */
  private void awaitEveryBtPeerMetAVanillaClient() {
    Map<InetAddress, String> vanilla = swarm.peers().stream().filter(p -> !(p instanceof AltoNode))
        .collect(Collectors.toMap(p -> p.listenAddress().getAddress(), SwarmPeer::name));
    List<BtAltoPeer> bt = allAltoPeers().stream().filter(BtAltoPeer.class::isInstance).map(BtAltoPeer.class::cast)
        .toList();
    assertFalse(vanilla.isEmpty() || bt.isEmpty(), () -> "no Bt peers or no vanilla clients: " + bt + " " + vanilla);
    Await.until("every Bt ALTO peer completed the BitTorrent and BEP 10 handshakes with a vanilla client, "
            + "and piece bytes moved between a Bt peer and a vanilla client", CONTACT_DEADLINE,
        () -> bt.stream().allMatch(b -> !vanillaMet(b, vanilla, BtContacts.Contact::extended).isEmpty())
            && bt.stream().anyMatch(b -> !vanillaMet(b, vanilla, BtContacts.Contact::exchangedContent).isEmpty()),
        () -> "who met whom, as each Bt peer saw it (vanilla clients: " + vanilla.values() + "):\n"
            + whoMetWhom(bt, vanilla) + "\n" + diagnostics());
    log.info("whom the Bt peers met, as each saw it:\n{}", whoMetWhom(bt, vanilla));
  }

  /** The vanilla clients a Bt peer met as {@code how} says, by name. */
  private static List<String> vanillaMet(BtAltoPeer b, Map<InetAddress, String> vanilla,
      Predicate<BtContacts.Contact> how) {
    return b.contacts().byHost().values().stream().filter(c -> vanilla.containsKey(c.host()) && how.test(c))
        .map(c -> vanilla.get(c.host())).toList();
  }

  /** Each Bt peer's contacts, every host it met named as the swarm knows it. */
  private String whoMetWhom(List<BtAltoPeer> bt, Map<InetAddress, String> vanilla) {
    Map<InetAddress, String> names = allAltoPeers().stream()
        .collect(Collectors.toMap(p -> p.listenAddress().getAddress(), AltoNode::name, (x, y) -> x, HashMap::new));
    names.putAll(vanilla);
    return bt.stream().map(b -> "  " + b.name() + ": BEP 10 with vanilla "
        + vanillaMet(b, vanilla, BtContacts.Contact::extended) + ", content with vanilla "
        + vanillaMet(b, vanilla, BtContacts.Contact::exchangedContent)
        + b.contacts().byHost().values().stream()
            .map(c -> "\n    " + names.getOrDefault(c.host(), "?") + ": " + c).collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
  }

  /** Waits until every ALTO peer holds, from peers, exactly the versions the seeder got from the server. */
  void awaitMapsEverywhere(String what) {
    Await.until("every ALTO peer holds " + what + ", verified, from peers", MAPS_DEADLINE,
        () -> alto.stream().allMatch(this::holdsTheSeedersVersions), this::diagnostics);
  }

  boolean holdsTheSeedersVersions(AltoNode p) {
    Set<BundleHash> want = seeder.held().stream().map(HeldResource::hash).collect(Collectors.toSet());
    return want.size() == AltoService.RESOURCES && p.held().size() == AltoService.RESOURCES
        && p.held().stream().allMatch(h -> want.contains(h.hash()) && h.source() != HeldResource.Source.SERVER);
  }

  private void publishNewVersionAndAwaitIt() throws IOException {
    HeldResource oldMap = seeder.held(AltoService.NETWORK_MAP);
    service.publishNetworkMapWithPid(5);
    Await.until("the seeder's refresh brings it the new network map", MAPS_DEADLINE,
        () -> seeder.held(AltoService.NETWORK_MAP).sequence() > oldMap.sequence(), this::diagnostics);
    awaitMapsEverywhere("the new version");
    for (AltoNode p : alto) {
      assertTrue(p.held().stream().noneMatch(h -> h.hash().equals(oldMap.hash())), p.name() + " still holds the old map");
      assertTrue(p.ranks(), p.name() + " cannot rank with the new maps");
    }
  }

  /**
   * The load the ALTO server saw: each version of each resource downloaded at most once (the
   * seeder's later refreshes of an unchanged map are revalidations answered 304 Not Modified), and
   * not one request from any other ALTO peer.
   */
  private void assertOnlyTheSeederAskedTheServer() {
    ServerStats stats = service.stats();
    Map<String, Set<Long>> versions = service.published();
    for (Map.Entry<String, Set<Long>> e : versions.entrySet()) {
      ServerStats.ResourceStats r = stats.resource(e.getKey());
      long downloads = r.requests() - r.notModified();
      assertTrue(downloads >= 1 && downloads <= e.getValue().size(), () -> "resource \"" + e.getKey() + "\": "
          + downloads + " downloads for " + e.getValue().size() + " versions; " + stats);
    }
    for (AltoNode p : alto) {
      assertEquals(0, p.stats().serverRequests(), () -> p.name() + " asked the ALTO server: " + p.stats());
    }
  }

  private void auditCapture(Pcap.Capture capture) {
    Map<InetAddress, Set<InetSocketAddress>> ranked = new HashMap<>();
    for (AltoNode n : allAltoPeers()) {
      if (n instanceof AltoPeer p) {
        ranked.put(p.listenAddress().getAddress(),
            p.plugin().steeringLog().stream().map(SteeringEvent::peer).collect(Collectors.toSet()));
      }
    }
    assertTrue(ranked.values().stream().filter(r -> !r.isEmpty()).count() >= alto.size(),
        () -> "the ALTO peers ranked and dialled too little for the audit to mean anything: " + ranked);
    WireAudit.Result r = new WireAudit(service.trust(), Set.of("", AltoService.NETWORK_MAP, AltoService.COST_MAP),
        ranked).audit(capture);
    log.info("audited {} TCP streams and {} datagrams: {} ar_alto streams, messages {}, bundles {}",
        capture.streams().size(), capture.datagrams().size(), r.arAltoStreams(), r.messages(), r.bundlesByMediaType());
    assertEquals(List.of(), r.findings(), "what ALTO peers sent");
    assertTrue(r.arAltoStreams() >= alto.size(), () -> "too few ar_alto streams captured: " + r);
    assertTrue(r.messages().getOrDefault(MessageType.DATA, 0) > 0 && r.messages().getOrDefault(MessageType.INVENTORY, 0) > 0,
        () -> "no maps moved in the capture: " + r);
    assertEquals(Set.of("application/alto-directory+json", "application/alto-networkmap+json",
        "application/alto-costmap+json"), r.bundlesByMediaType().keySet(), () -> "bundles captured: " + r);
  }

  /**
   * With the server down, stops one ALTO peer and starts it again on the same state directory:
   * it must hold the maps from its store at once. Its plugin then skips the DHT, and a newcomer
   * whose only ar_alto contact it is (bootstrap list, no DHT) must get the maps from it.
   */
  private void restartAPeerAndHaveItAloneServeANewcomer() throws IOException {
    AltoPeer old = (AltoPeer) alto.remove(0);
    InetAddress host = old.listenAddress().getAddress();
    String name = peerName(host);
    swarm.stop(old);
    AltoPeer restarted = swarm.add(AltoPeer.start(host, dir.resolve(name), content, false, seeder.listenAddress(),
        service.plugin(dir.resolve("state-" + name)).dht(false)));
    Await.until("the restarted peer holds its maps from its state directory", Duration.ofSeconds(10),
        () -> restarted.held().size() == AltoService.RESOURCES
            && restarted.held().stream().allMatch(h -> h.source() == HeldResource.Source.STORE), this::diagnostics);
    assertTrue(holdsTheSeedersVersions(restarted), () -> "restarted with other versions: " + restarted.diagnostics());
    alto.add(restarted);

    AltoPeer newcomer = swarm.add(AltoPeer.start(NEWCOMER, dir.resolve("alto-newcomer"), content, false,
        seeder.listenAddress(), service.plugin(dir.resolve("state-newcomer")).dht(false).bootstrap(restarted.endpoint())));
    alto.add(newcomer);
    Await.until("the newcomer holds the maps, from the restarted peer", MAPS_DEADLINE,
        () -> holdsTheSeedersVersions(newcomer), this::diagnostics);
    // The engine publishes its counters once a second.
    Await.until("the restarted peer's counters show what it served", Duration.ofSeconds(5),
        () -> restarted.stats().piecesServed() > 0, restarted::diagnostics);
    swarm.awaitAllComplete(content, CONTENT_DEADLINE);
  }

  /** The name of a peer's directories, the same across a restart. */
  private static String peerName(InetAddress host) {
    return "alto-" + Loopback.pidOf(host) + "-" + (host.getAddress()[3] & 0xff);
  }

  List<AltoNode> allAltoPeers() {
    List<AltoNode> all = new ArrayList<>(List.of(seeder));
    all.addAll(alto);
    return all;
  }

  String diagnostics() {
    return swarm.diagnostics() + "\n" + service.diagnostics() + "\n"
        + hostiles.stream().map(HostilePeer::diagnostics).collect(Collectors.joining("\n"));
  }
}
