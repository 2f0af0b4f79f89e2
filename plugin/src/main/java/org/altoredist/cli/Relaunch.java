package org.altoredist.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.altoredist.binding.SignalChaining;

/**
 * Runs the tool again in a JVM that chains signal handlers, for the commands that start
 * libtorrent: its native library replaces the JVM's SIGSEGV handler, and only the JDK's libjsig,
 * preloaded before the JVM starts, keeps that from crashing the JVM ({@link SignalChaining}). Users
 * type {@code java -jar altoredist.jar seed ...} and never need to know.
 */
final class Relaunch {

  /** Set in the child, so that a JVM that cannot load libjsig does not relaunch forever. */
  static final String MARKER = "ALTOREDIST_RELAUNCHED";

  private Relaunch() {}

  /** Whether {@code main} should relaunch before running these arguments. */
  static boolean needed(String[] args, Iterable<String> libtorrentCommands) {
    if (args.length == 0 || SignalChaining.active() || System.getenv(MARKER) != null) {
      return false;
    }
    for (String c : libtorrentCommands) {
      if (c.equals(args[0])) {
        return true;
      }
    }
    return false;
  }

  /** The command that runs the tool with {@code args} in a JVM like this one (same options, class path). */
  static List<String> javaCommand(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    return cmd;
  }

  /** Runs this JVM's command line again with libjsig preloaded; returns the child's exit code. */
  static int withSignalChaining(String[] args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(javaCommand(List.of(args))).inheritIO();
    Map<String, String> env = pb.environment();
    String preload = env.get("LD_PRELOAD");
    String jsig = SignalChaining.library().toString();
    env.put("LD_PRELOAD", preload == null || preload.isBlank() ? jsig : jsig + ":" + preload);
    env.put(MARKER, "1");
    Process child = pb.start();
    Thread forward = new Thread(child::destroy, "altoredist-relaunch-stop");
    Runtime.getRuntime().addShutdownHook(forward);
    int code = child.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(forward);
    } catch (IllegalStateException shuttingDown) {
      // the hook is already running and stops the child
    }
    return code;
  }
}
