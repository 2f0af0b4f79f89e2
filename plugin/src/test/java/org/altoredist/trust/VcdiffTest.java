package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delta bundle's patch format, VCDIFF (RFC 3284): what the encoder writes rebuilds the target
 * exactly, here and in xdelta3 (Debian package xdelta3, installed by .ci/run: an independent
 * implementation); what xdelta3 writes, with its combined instructions, address caches and
 * checksums, this decoder rebuilds; hostile patches are refused with a reason, never a crash,
 * and never with an allocation beyond the limit.
 */
class VcdiffTest {

  static final Path XDELTA3 = Path.of("/usr/bin/xdelta3");

  @TempDir
  Path dir;

  /** A network map of {@code n} prefixes over 100 PIDs, and one where 1 % of them moved to another PID. */
  static byte[][] mapAndMoved(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] pid = new int[n];
    for (int i = 0; i < n; i++) {
      pid[i] = r.nextInt(100);
    }
    byte[] base = render(pid);
    for (int k = 0; k < n / 100; k++) {
      pid[r.nextInt(n)] = r.nextInt(100);
    }
    return new byte[][] {base, render(pid)};
  }

  private static byte[] render(int[] pid) {
    StringBuilder sb = new StringBuilder("{\"meta\":{\"vtag\":{\"resource-id\":\"nm\",\"tag\":\"t\"}},\"network-map\":{");
    for (int p = 0; p < 100; p++) {
      sb.append(p == 0 ? "" : ",").append("\"pid-").append(p).append("\":{\"ipv4\":[");
      boolean first = true;
      for (int i = 0; i < pid.length; i++) {
        if (pid[i] == p) {
          sb.append(first ? "" : ",").append('"').append(10 + (i >> 16)).append('.').append((i >> 8) & 255).append('.')
              .append(i & 255).append(".0/24\"");
          first = false;
        }
      }
      sb.append("]}");
    }
    return sb.append("}}").toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void encodedPatchRebuildsTheTargetExactlyAndIsSmallForScatteredMoves() {
    byte[][] m = mapAndMoved(100_000, 1);
    byte[] patch = Vcdiff.encode(m[0], m[1]);
    assertArrayEquals(m[1], Vcdiff.decode(m[0], patch, Limits.MAX_BODY_BYTES));
    assertTrue(patch.length < m[1].length * 3 / 100, patch.length + " bytes for " + m[1].length);
  }

  @Test
  void edgeCasesRoundTrip() {
    byte[] some = "0123456789abcdef0123456789abcdef-tail".getBytes(StandardCharsets.US_ASCII);
    for (byte[][] c : List.of(new byte[][] {new byte[0], new byte[0]}, new byte[][] {some, new byte[0]},
        new byte[][] {new byte[0], some}, new byte[][] {some, some}, new byte[][] {some, reversed(some)})) {
      assertArrayEquals(c[1], Vcdiff.decode(c[0], Vcdiff.encode(c[0], c[1]), Limits.MAX_BODY_BYTES));
    }
  }

  @Test
  void xdelta3RebuildsWhatWeEncodeAndWeRebuildWhatItEncodes() throws Exception {
    byte[][] m = mapAndMoved(50_000, 2);
    Path base = Files.write(dir.resolve("base"), m[0]);
    Path target = Files.write(dir.resolve("target"), m[1]);
    Path ours = Files.write(dir.resolve("ours.vcdiff"), Vcdiff.encode(m[0], m[1]));
    run("-d", "-f", "-s", base.toString(), ours.toString(), dir.resolve("by-xdelta3").toString());
    assertArrayEquals(m[1], Files.readAllBytes(dir.resolve("by-xdelta3")));
    // Small windows, so that several windows, combined instructions and both caches occur.
    run("-e", "-f", "-S", "none", "-A", "-W", "16384", "-s", base.toString(), target.toString(),
        dir.resolve("theirs.vcdiff").toString());
    assertArrayEquals(m[1], Vcdiff.decode(m[0], Files.readAllBytes(dir.resolve("theirs.vcdiff")), Limits.MAX_BODY_BYTES));
  }

  @Test
  void hostilePatchesAreRefusedWithAReason() {
    byte[][] m = mapAndMoved(2_000, 3);
    byte[] patch = Vcdiff.encode(m[0], m[1]);
    for (int cut = 0; cut < patch.length; cut += Math.max(1, patch.length / 300)) {
      byte[] truncated = Arrays.copyOf(patch, cut);
      assertThrows(IllegalArgumentException.class, () -> Vcdiff.decode(m[0], truncated, Limits.MAX_BODY_BYTES),
          "cut at " + cut);
    }
    assertThrows(IllegalArgumentException.class, () -> Vcdiff.decode(m[0], patch, m[1].length - 1),
        "a result over the limit is refused before it is built");
    byte[] trailing = Arrays.copyOf(patch, patch.length + 1);
    assertThrows(IllegalArgumentException.class, () -> Vcdiff.decode(m[0], trailing, Limits.MAX_BODY_BYTES));
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 2_000; i++) {
      byte[] flipped = patch.clone();
      flipped[r.nextInt(flipped.length)] ^= (byte) (1 << r.nextInt(8));
      try {
        Vcdiff.decode(m[0], flipped, Limits.MAX_BODY_BYTES);
      } catch (IllegalArgumentException expected) {
        // refused with a reason; a flip in an added byte decodes to other bytes, which the hash then refuses
      }
    }
  }

  private static byte[] reversed(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[b.length - 1 - i];
    }
    return out;
  }

  private void run(String... args) throws IOException, InterruptedException {
    if (!Files.isExecutable(XDELTA3)) {
      throw new AssertionError(XDELTA3 + " is missing: install the Debian package xdelta3 (.ci/run does)");
    }
    List<String> cmd = new java.util.ArrayList<>(List.of(XDELTA3.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("xdelta3 " + String.join(" ", args) + " failed: " + out);
    }
  }
}
