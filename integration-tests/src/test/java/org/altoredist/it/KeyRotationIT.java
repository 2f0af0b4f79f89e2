package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.altoredist.it.swarm.Await;
import org.altoredist.it.swarm.Loopback;
import org.altoredist.it.swarm.ManagedProcess;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Pem;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPERATIONS.md §2, key rotation, with the tools as an operator and users run them, each its own
 * process: {@code serve} signs with key A; a seeder ({@code seed --refresh-every}) takes the maps
 * from it and a peer ({@code seed --no-alto-server}) from the seeder. {@code serve} is stopped and
 * restarted on the same state with key B, a new certificate from the same CA, and a new network
 * map. The seeder and the peer move to the B-signed version without any change to their trust; a
 * peer that was away (started from the peer's state as it was before the switch, and meeting no one
 * with the new version) keeps serving the A-signed version, which a new client still accepts,
 * until it expires (the signatures live {@link #LIFETIME} here), and then drops it. {@code mvn verify}
 * stops before the expiry; the whole run, about 10 minutes longer:
 *
 * <pre>mvn -B -o verify -pl plugin,integration-tests -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 *     -Dit.test=KeyRotationIT -Daltoredist.rotation.expiry=true</pre>
 */
class KeyRotationIT {

  private static final Duration DEADLINE = Duration.ofMinutes(2);
  /** The signatures' lifetime: the shortest {@code serve} accepts, so that waiting for its end is possible. */
  private static final Duration LIFETIME = Duration.ofMinutes(10);
  /** Whether to wait for the A-signed version to expire at the peer that was away (about 10 minutes more). */
  private static final boolean UNTIL_EXPIRY = Boolean.getBoolean("altoredist.rotation.expiry");
  private static final InetAddress ALTO = Loopback.host(4, 20);
  private static final String SERVICE = "http://" + ALTO.getHostAddress() + "/directory";
  private static final String NM = "loopback-network-map";
  private static final Pattern ENDPOINT = Pattern.compile("ar_alto endpoint /([0-9.]+:[0-9]+)");

  @TempDir
  Path dir;

  @Test
  void peersAcceptTheNewChainAndOneThatWasAwayKeepsServingTheOldVersion() throws Exception {
    Path pki = Files.createDirectories(dir.resolve("pki"));
    tool("pki", "ca", "--out-key", pki.resolve("ca.key").toString(), "--out-cert", pki.resolve("ca.pem").toString());
    for (String k : List.of("a", "b")) {
      tool("pki", "server", "--ca-key", pki.resolve("ca.key").toString(), "--ca-cert", pki.resolve("ca.pem").toString(),
          "--host", ALTO.getHostAddress(), "--out-key", pki.resolve(k + ".key").toString(), "--out-cert",
          pki.resolve(k + ".pem").toString());
    }
    X509Certificate certA = Pem.readCertificates(pki.resolve("a.pem")).get(0);
    X509Certificate certB = Pem.readCertificates(pki.resolve("b.pem")).get(0);
    TrustPolicy trust = TrustPolicy.forService(SERVICE).anchors(Pem.readCertificates(pki.resolve("ca.pem"))).build();
    Path maps = Files.createDirectories(dir.resolve("maps"));
    for (String f : List.of("ird.json", "networkmap.json", "costmap.json")) {
      Files.copy(ToolProcess.examples().resolve(f), maps.resolve(f));
    }
    int port = Loopback.freePort(ALTO);
    String ird = "http://" + ALTO.getHostAddress() + ":" + port + "/directory";
    Path content = Files.write(Files.createDirectories(dir.resolve("seed")).resolve("content.bin"), new byte[1 << 20]);
    Path torrent = dir.resolve("content.torrent");
    Path peerState = dir.resolve("peer-state");

    List<ManagedProcess> running = new ArrayList<>();
    try {
      ManagedProcess serveA = serve(running, "serve-a", maps, port, "a");
      ManagedProcess seeder = start(running, "seeder", seed(Loopback.host(1, 20), content, torrent, dir.resolve("seeder-state"),
          "--make-torrent", "--alto-server", ird, "--fallback-after", "PT0S", "--refresh-every", "PT2S"));
      String seederEndpoint = endpointOf(seeder);
      Path peerContent = Files.createDirectories(dir.resolve("peer"));
      Files.copy(content, peerContent.resolve("content.bin"));
      ManagedProcess peer = start(running, "peer", seed(Loopback.host(2, 20), peerContent.resolve("content.bin"), torrent,
          peerState, "--no-alto-server", "--alto-peer", seederEndpoint));
      VerifiedResource a = awaitSignedBy(trust, peerState, certA, -1, peer);

      // A peer that will be away during the switch: the peer's maps as they are now.
      Path awayState = dir.resolve("away-state");
      copyTree(peerState, awayState);

      serveA.close();
      Path nm = maps.resolve("networkmap.json");
      String anchor = "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },";
      Files.writeString(nm, Files.readString(nm).replace(anchor,
          anchor + "\n    \"pid-5\": { \"ipv4\": [ \"127.0.5.0/24\" ] },"));
      serve(running, "serve-b", maps, port, "b");
      VerifiedResource b = awaitSignedBy(trust, peerState, certB, a.descriptor().sequence(), peer);
      assertEquals("pid-5", ((org.altoredist.alto.NetworkMap) b.document()).pidOf(Loopback.host(5, 1)));
      assertTrue(Instant.now().isBefore(a.descriptor().expires()), "the A-signed version has not expired yet");

      ManagedProcess away = start(running, "away", seed(Loopback.host(3, 20), peerContent.resolve("content.bin"), torrent,
          awayState, "--no-alto-server"));
      String awayEndpoint = endpointOf(away);
      ToolProcess client = ToolProcess.run(DEADLINE, "fetch", torrent.toString(), "--out", dir.resolve("client").toString(),
          "--listen", Loopback.host(3, 21).getHostAddress() + ":0", "--no-dht", "--peer", listenOf(away), "--alto-peer",
          awayEndpoint, "--service", SERVICE, "--anchor", pki.resolve("ca.pem").toString(), "--no-alto-server",
          "--state", dir.resolve("client-state").toString(), "--timeout", "PT90S");
      assertEquals(0, client.exit(), client.out() + client.err() + away.logTail());
      assertTrue(client.out().contains("map " + NM + " sequence " + a.descriptor().sequence() + " from peer"),
          "the peer that was away served the A-signed version, and a new client accepted it: " + client.out());
      assertEquals(certA, newest(trust, dir.resolve("client-state")).signer());
      if (!UNTIL_EXPIRY) {
        return;
      }
      Instant expires = newestOf(away, trust, awayState).descriptor().expires();
      Await.until("the peer that was away drops the A-signed maps once they expire at " + expires,
          Duration.between(Instant.now(), expires).plus(DEADLINE), () -> lastMapsHeld(away) == 0, away::logTail);
      assertTrue(Instant.now().isAfter(expires), "dropped no earlier than its expiry");
    } finally {
      for (ManagedProcess p : running) {
        p.close();
      }
    }
  }

  /** The A-signed version the away peer holds. */
  private static VerifiedResource newestOf(ManagedProcess p, TrustPolicy trust, Path state) {
    VerifiedResource v = newest(trust, state);
    assertTrue(v != null, p.logTail());
    return v;
  }

  /** The count in the last "maps held N" status line a seeder printed, or -1 before the first. */
  private static int lastMapsHeld(ManagedProcess p) {
    Matcher m = Pattern.compile("maps held (\\d+)").matcher(p.logTail());
    int last = -1;
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
    }
    return last;
  }

  private ManagedProcess serve(List<ManagedProcess> running, String name, Path maps, int port, String key)
      throws IOException {
    Path pki = dir.resolve("pki");
    ManagedProcess p = start(running, name, ToolProcess.command("serve", "--bind", ALTO.getHostAddress(), "--http-port",
        Integer.toString(port), "--service", SERVICE, "--maps", maps.toString(), "--state", dir.resolve("alto-state")
            .toString(), "--key", pki.resolve(key + ".key").toString(), "--chain", pki.resolve(key + ".pem").toString(),
        "--lifetime", LIFETIME.toString()));
    Await.until(name + " listens", DEADLINE, () -> !p.alive() || p.logTail().contains("signer pin:"), p::logTail);
    assertTrue(p.alive(), p.logTail());
    return p;
  }

  private List<String> seed(InetAddress host, Path content, Path torrent, Path state, String... more) {
    List<String> args = new ArrayList<>(List.of("seed", "--content", content.toString(), "--torrent", torrent.toString(),
        "--listen", host.getHostAddress() + ":" + Loopback.freePort(host), "--no-dht", "--service", SERVICE, "--anchor",
        dir.resolve("pki/ca.pem").toString(), "--state", state.toString()));
    args.addAll(List.of(more));
    return ToolProcess.command(args.toArray(String[]::new));
  }

  private ManagedProcess start(List<ManagedProcess> running, String name, List<String> command) throws IOException {
    ManagedProcess p = ManagedProcess.start(name, dir, command);
    running.add(p);
    return p;
  }

  private static void tool(String... args) throws Exception {
    ToolProcess t = ToolProcess.run(DEADLINE, args);
    assertEquals(0, t.exit(), t.out() + t.err());
  }

  private static String endpointOf(ManagedProcess p) {
    Await.until("the ar_alto endpoint of " + p, DEADLINE, () -> !p.alive() || ENDPOINT.matcher(p.logTail()).find(),
        p::logTail);
    Matcher m = ENDPOINT.matcher(p.logTail());
    assertTrue(m.find(), p.logTail());
    return m.group(1);
  }

  private static String listenOf(ManagedProcess p) {
    Matcher m = Pattern.compile(" on ([0-9.]+:[0-9]+), ar_alto endpoint").matcher(p.logTail());
    assertTrue(m.find(), p.logTail());
    return m.group(1);
  }

  /** Waits until {@code state} holds a network map signed by {@code signer} above sequence {@code above}. */
  private static VerifiedResource awaitSignedBy(TrustPolicy trust, Path state, X509Certificate signer, long above,
      ManagedProcess p) {
    VerifiedResource[] found = new VerifiedResource[1];
    Await.until("a network map signed by " + signer.getSubjectX500Principal() + " in " + state, DEADLINE, () -> {
      VerifiedResource v = newest(trust, state);
      found[0] = v;
      return v != null && v.signer().equals(signer) && v.descriptor().sequence() > above;
    }, p::logTail);
    return found[0];
  }

  /** The newest network map that verifies among the bundles in a tool's state directory, or null. */
  private static VerifiedResource newest(TrustPolicy trust, Path state) {
    ResourceVerifier verifier = new ResourceVerifier(trust);
    VerifiedResource best = null;
    if (!Files.isDirectory(state)) {
      return null;
    }
    try (Stream<Path> s = Files.walk(state)) {
      for (Path f : s.filter(x -> x.getFileName().toString().endsWith(".arsr")).toList()) {
        try {
          VerifiedResource v = verifier.verify(SignedBundle.read(f), Expectation.fromOrigin(null));
          if (NM.equals(v.descriptor().resourceId())
              && (best == null || v.descriptor().sequence() > best.descriptor().sequence())) {
            best = v;
          }
        } catch (VerificationException | IOException gone) {
          // being replaced as we read: the next look sees it
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
    return best;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path f : s.toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else if (!f.getFileName().toString().endsWith(".tmp")) {
          Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
