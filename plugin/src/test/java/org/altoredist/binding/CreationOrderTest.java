package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client may create its libtorrent4j session before the plugin. Each case runs {@link SessionFirst}
 * in a fresh JVM, since libtorrent4j loads its native library once per JVM and a failed load is
 * final. With the library's agent ({@code -javaagent}, the library jar's {@code Premain-Class}) the
 * session comes first and the plugin attaches; without it and without a library path, libtorrent4j
 * itself fails on its first class, before any plugin code can run: that is the case the agent is for.
 */
class CreationOrderTest {

  private static final String HOST = "127.0.9.7";

  @TempDir
  Path dir;

  @Test
  void withTheAgentASessionCreatedBeforeThePluginAttaches() throws Exception {
    Run r = run(List.of("-javaagent:" + agentJar()));
    assertEquals(0, r.exit, r.out);
    assertTrue(r.out.contains("attached at /" + HOST), r.out);
  }

  @Test
  void withoutTheAgentOrALibraryPathLibtorrent4jFailsBeforeThePluginRuns() throws Exception {
    Run r = run(List.of());
    assertTrue(r.exit != 0 && r.out.contains("LinkageError"), r.out);
  }

  /** A jar holding only a manifest that names the agent class, as the library jar's does. */
  private Path agentJar() throws Exception {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue("Premain-Class", NativeAgent.class.getName());
    Path jar = dir.resolve("agent.jar");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      j.flush();
    }
    return jar;
  }

  private record Run(int exit, String out) {}

  private Run run(List<String> jvmArgs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmArgs);
    // No libtorrent4j.jni.path: the child finds the native library only if something makes it loadable.
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SessionFirst.class.getName(), HOST,
        dir.resolve("state-" + jvmArgs.size()).toString()));
    Path log = dir.resolve("child-" + jvmArgs.size() + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "still running after 60 s:\n" + out);
    return new Run(p.exitValue(), out);
  }
}
