package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libjsig must be preloaded for a JVM that runs libtorrent4j; the binding tells which is the case. */
class SignalChainingTest {

  @Test
  void testJvmsRunWithSignalChaining() {
    // The build preloads it into every test JVM (parent pom); the binding must see that.
    assertTrue(SignalChaining.active());
    assertTrue(Files.isRegularFile(SignalChaining.library()), SignalChaining.library()::toString);
  }

  @Test
  void aJvmWithoutItIsToldWhatToDo(@TempDir Path dir) throws Exception {
    String printed = probe(dir);
    assertTrue(printed.contains("active=false"), printed);
    assertTrue(printed.contains("LD_PRELOAD=" + SignalChaining.library()), printed);
  }

  /**
   * On another platform the check cannot read what is loaded, and a client that brings that
   * platform's native library (README, "Platforms") must get past it: the probe, told it runs on
   * macOS with a library path of its own, is loadable.
   */
  @Test
  void onAnotherPlatformTheClientsOwnLibraryPathIsTaken(@TempDir Path dir) throws Exception {
    String printed = probe(dir, "-Dos.name=Mac OS X", "-D" + Libtorrent4jNative.PROPERTY + "="
        + dir.resolve("libtorrent4j.dylib"));
    assertTrue(printed.contains("loadable"), printed);
  }

  /** Runs {@link Probe} in a JVM started without LD_PRELOAD, with {@code jvmArgs}; returns what it printed. */
  private static String probe(Path dir, String... jvmArgs) throws Exception {
    Path out = dir.resolve("probe.txt");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(jvmArgs));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().remove("LD_PRELOAD");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), printed);
    return printed;
  }

  /** Runs in a JVM started without LD_PRELOAD. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println("active=" + SignalChaining.active());
      try {
        Libtorrent4jNative.ensureLoadable();
        System.out.println("loadable");
      } catch (IllegalStateException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
