package org.altoredist.binding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether this JVM chains signal handlers, which a JVM running libtorrent4j needs.
 *
 * <p>libtorrent4j's native library (libtorrent 2.0 and its {@code try_signal}) installs handlers for
 * SIGSEGV and SIGBUS, replacing the JVM's. The JVM raises SIGSEGV on purpose (safepoint polls,
 * implicit null checks); with libtorrent's handler in its place, the first such fault kills the
 * process — in this project's swarm tests within seconds, every time. The JDK's {@code libjsig}
 * fixes it: preloaded, it keeps the JVM's handler first and hands libtorrent the faults that are
 * libtorrent's. It must be preloaded before the JVM starts; this finds it without {@code JAVA_HOME}:
 *
 * <pre>LD_PRELOAD="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so" java ...</pre>
 *
 * <p>It cannot be avoided: with libtorrent4j 2.0.6-26, sessions on the POSIX disk backend
 * ({@code SessionParams.setPosixDiskIO()}) died of SIGSEGV without it as often as on the default
 * mmap backend (README, "Enable it in a libtorrent4j client").
 */
public final class SignalChaining {

  /** The library's path in a JDK on Linux. */
  public static Path library() {
    return Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
  }

  private SignalChaining() {}

  /** True when libjsig is mapped into this process (read from /proc/self/maps). */
  public static boolean active() {
    try {
      return Files.readString(Path.of("/proc/self/maps")).contains("/libjsig.so");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Fails unless signal chaining is active, with the command that fixes it. On Linux only, where it
   * can be read from {@code /proc/self/maps} and where this project runs libtorrent4j; elsewhere
   * the client starts its JVM as its platform needs (the README's "Platforms"), and this passes.
   *
   * @throws IllegalStateException when libjsig is not preloaded on Linux
   */
  public static void require() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return;
    }
    if (!active()) {
      throw new IllegalStateException("libtorrent4j replaces the JVM's SIGSEGV handler and the JVM will crash;"
          + " start it with LD_PRELOAD=" + library() + " (the JDK's signal-chaining library)");
    }
  }
}
