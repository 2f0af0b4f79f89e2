package org.altoredist.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The executable jar run as users run it: a separate JVM, its exit code and its output. */
record ToolProcess(int exit, String out, String err) {

  static Path jar() {
    Path jar = Path.of(System.getProperty("altoredist.jar", "../plugin/target/altoredist.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the plugin module first: no " + jar.toAbsolutePath());
    }
    return jar;
  }

  static Path examples() {
    return Path.of(System.getProperty("altoredist.examples.dir", "../plugin/examples"));
  }

  /** The command that runs the tool's jar in its own JVM. */
  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs the tool and waits for it, failing the test when it outlives the deadline. */
  static ToolProcess run(Duration deadline, String... args) throws IOException, InterruptedException {
    List<String> cmd = command(args);
    Path out = Files.createTempFile("altoredist-out", ".txt");
    Path err = Files.createTempFile("altoredist-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    // As users run it: without the signal-chaining preload the build gives test JVMs, so the tool's
    // own relaunch is what gets a libtorrent command a JVM that survives libtorrent.
    pb.environment().remove("LD_PRELOAD");
    Process p = pb.start();
    try {
      if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("altoredist " + String.join(" ", args) + " still running after " + deadline);
      }
      return new ToolProcess(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
