package org.altoredist.it.swarm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A third-party program run for a test: its output goes to a log file that failure messages
 * quote, and closing it stops it (SIGTERM, then SIGKILL after a grace period).
 */
public final class ManagedProcess implements AutoCloseable {

  private static final long GRACE_SECONDS = 5;
  private static final int LOG_TAIL_BYTES = 4_000;

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code dir}; fails at once when the program is not installed. */
  public static ManagedProcess start(String name, Path dir, List<String> command) throws IOException {
    return start(name, dir, command, Map.of());
  }

  /** As {@link #start(String, Path, List)}, with {@code environment} added to the program's. */
  public static ManagedProcess start(String name, Path dir, List<String> command, Map<String, String> environment)
      throws IOException {
    Path exe = Path.of(command.get(0));
    if (!Files.isExecutable(exe)) {
      throw new IllegalStateException(name + " needs " + exe + ", which .ci/run installs from Debian packages");
    }
    Path log = dir.resolve(name.replaceAll("[^A-Za-z0-9.@-]", "_") + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // The JVM's signal-chaining preload that test JVMs get is for JVMs only; programs start without it.
    pb.environment().remove("LD_PRELOAD");
    pb.environment().putAll(environment);
    Process p = pb.start();
    return new ManagedProcess(name, p, log);
  }

  public boolean alive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  /** Where the program's standard output and error go. */
  public Path logFile() {
    return log;
  }

  /** The last few KB of the program's output, for failure messages. */
  public String logTail() {
    try {
      byte[] b = Files.readAllBytes(log);
      int from = Math.max(0, b.length - LOG_TAIL_BYTES);
      return "--- " + name + " (" + (process.isAlive() ? "running" : "exited " + process.exitValue()) + "), "
          + log + " ---\n" + new String(b, from, b.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "--- " + name + ": no log (" + e + ")";
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
