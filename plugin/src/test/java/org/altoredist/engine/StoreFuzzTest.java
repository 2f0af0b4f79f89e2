package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.altoredist.engine.sim.InMemoryNetwork;
import org.altoredist.engine.sim.VirtualLoop;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Pem;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.wire.BundleHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target: the store's files on disk as an engine reads them back at start ({@link StoreLoader},
 * {@link MapStore}). The state directory holds the spec's two valid bundles (an Ed25519 network
 * map, a P-256 cost map that depends on it) and one more file the input makes: either its own
 * bytes, or one of the two bundles truncated and with bytes changed, named by its own hash or
 * under the original's name (a file damaged in place). After start, the engine holds only
 * bundles that the verifier accepts on their own, byte for byte as the spec has them, and only
 * they are left on disk; a file that is not such a bundle under its own name is gone, and the
 * valid bundles it did not replace are all still held.
 *
 * <p>Input: byte 0 chooses (bit 0) whether the file keeps the original's name and (bit 1) whether
 * it is the rest of the input as it is; otherwise byte 1 picks the bundle, bytes 2-5 the length to
 * truncate to (modulo the length + 1), and each further 3 bytes an offset (2 bytes, modulo the
 * length) and a value to XOR there.
 */
class StoreFuzzTest {

  private static final String SERVICE = "https://alto.example.com/directory";
  private static final Instant VERIFY_AT = Instant.parse("2025-06-02T00:00:00Z");
  private static final Path SPEC = Path.of(System.getProperty("altoredist.spec.dir", "../bep-extension-spec"));
  private static final List<String> VALID = List.of("networkmap-ed25519", "costmap-p256");

  private static byte[][] bundles;
  /** Every bundle vector that verifies on its own (from the origin, at the vectors' time), by hash. */
  private static Map<BundleHash, byte[]> known;
  private static List<X509Certificate> anchors;
  private static Path state;

  @BeforeAll
  static void load() throws IOException {
    Path vectors = SPEC.resolve("vectors/signed");
    anchors = Stream.concat(Pem.readCertificates(vectors.resolve("certs/ca-ed25519.pem")).stream(),
        Pem.readCertificates(vectors.resolve("certs/ca-p256.pem")).stream()).toList();
    bundles = new byte[VALID.size()][];
    for (int i = 0; i < VALID.size(); i++) {
      bundles[i] = Files.readAllBytes(vectors.resolve("bundles/" + VALID.get(i) + ".arsr"));
    }
    ResourceVerifier verifier = new ResourceVerifier(TrustPolicy.forService(SERVICE).anchors(anchors)
        .clock(Clock.fixed(VERIFY_AT, ZoneOffset.UTC)).build());
    known = new HashMap<>();
    try (Stream<Path> all = Files.list(vectors.resolve("bundles"))) {
      for (Path f : all.toList()) {
        byte[] b = Files.readAllBytes(f);
        try {
          verifier.verify(b, Expectation.fromOrigin(null));
          known.put(BundleHash.compute(b), b);
        } catch (VerificationException refused) {
          // not a bundle the store may hold
        }
      }
    }
    state = Files.createTempDirectory("store-fuzz");
  }

  @AfterAll
  static void remove() throws IOException {
    clear(state);
    Files.deleteIfExists(state);
  }

  @FuzzTest(maxDuration = "10m")
  void load(byte[] input) throws IOException {
    clear(state);
    Path dir = Files.createDirectories(state.resolve("bundles").resolve(MapStore.serviceDirectory(SERVICE)));
    for (byte[] b : bundles) {
      Files.write(dir.resolve(name(b)), b);
    }
    int mode = input.length == 0 ? 0 : input[0];
    byte[] original = bundles[input.length > 1 ? (input[1] & 0xff) % bundles.length : 0];
    byte[] file = (mode & 2) != 0 ? Arrays.copyOfRange(input, Math.min(1, input.length), input.length)
        : damaged(original, input);
    Path written = dir.resolve((mode & 1) != 0 ? name(original) : name(file));
    Files.write(written, file);

    VirtualLoop loop = new VirtualLoop(VERIFY_AT);
    TrustPolicy trust = TrustPolicy.forService(SERVICE).anchors(anchors).clock(loop.clock()).build();
    InMemoryNetwork net = new InMemoryNetwork(loop, Duration.ofMillis(100), 1 << 20, 1);
    RedistributionEngine e = RedistributionEngine.builder().use(trust).stateDir(state).loop(loop)
        .transport(net.attach(new InetSocketAddress("10.1.0.1", 1))).resourceRendezvous(false).build();
    List<HeldResource> held = e.held();
    e.close();

    Set<BundleHash> heldHashes = held.stream().map(HeldResource::hash).collect(Collectors.toSet());
    for (HeldResource h : held) {
      byte[] expected = known.get(h.hash());
      if (expected == null) {
        throw new AssertionError("holds a bundle the verifier refuses: " + h);
      }
      assertArrayEquals(expected, h.resource().bundle().encoded(), "holds other bytes under a valid hash");
    }
    boolean valid = known.containsKey(BundleHash.compute(file)) && written.getFileName().toString().equals(name(file));
    if (!valid) {
      Set<BundleHash> survivors = Stream.of(bundles).map(BundleHash::compute)
          .filter(h -> !dir.resolve(h.hex() + MapStore.SUFFIX).equals(written)).collect(Collectors.toSet());
      assertEquals(survivors, heldHashes, "a valid bundle was lost, or the damaged file kept");
    }
    Set<String> onDisk;
    try (Stream<Path> files = Files.list(dir)) {
      onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
    assertEquals(heldHashes.stream().map(h -> h.hex() + MapStore.SUFFIX).collect(Collectors.toSet()), onDisk,
        "left on disk besides what is held");
    for (BundleHash h : heldHashes) {
      assertTrue(Arrays.equals(known.get(h), Files.readAllBytes(dir.resolve(h.hex() + MapStore.SUFFIX))));
    }
  }

  private static String name(byte[] bundle) {
    return BundleHash.compute(bundle).hex() + MapStore.SUFFIX;
  }

  /** The original truncated and with bytes changed, as the input says (see the class comment). */
  private static byte[] damaged(byte[] original, byte[] input) {
    ByteBuffer in = ByteBuffer.wrap(input);
    in.position(Math.min(2, input.length));
    int length = in.remaining() >= 4 ? (int) (Integer.toUnsignedLong(in.getInt()) % (original.length + 1))
        : original.length;
    byte[] out = Arrays.copyOf(original, length);
    while (in.remaining() >= 3 && out.length > 0) {
      int at = (in.getShort() & 0xffff) % out.length;
      out[at] ^= in.get();
    }
    return out;
  }

  private static void clear(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(root)) {
          Files.delete(p);
        }
      }
    }
  }
}
