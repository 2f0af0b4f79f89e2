package org.altoredist.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bt.torrent.maker.TorrentBuilder;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.altoredist.testing.Await;
import org.altoredist.trust.Pem;
import org.altoredist.trust.Pki;
import org.altoredist.trust.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples as users copy them: each compiles against the library and runs in a JVM of
 * its own whose working directory holds the files it names, with a real torrent.
 */
class ReadmeExamplesTest {

  /** A host of its own on loopback for the Bt example's runtime. */
  private static final String HOST = "127.0.9.1";

  @TempDir
  Path dir;

  /**
   * The libtorrent4j example is a whole program: compiled as written and run by the README's own
   * command (which finds libjsig without JAVA_HOME), on libtorrent's default listen address (the
   * wildcard, port 6881), with a torrent to download. As
   * root (CI) it runs in a network namespace of its own, so that its session, on libtorrent's
   * defaults, reaches no DHT router and takes no port from anyone.
   */
  @Test
  void theLibtorrent4jExampleCompilesAndRunsAsWritten() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    writeCa(work);
    Path torrent = torrentOf(Files.createDirectories(dir.resolve("data")), "wanted.bin", work);

    Path classes = dir.resolve("classes");
    String main = ReadmeSnippet.under("Enable it in a libtorrent4j client").compileProgram(classes);
    // The README's own command, in a shell where JAVA_HOME is unset (as on Debian) and nothing is preloaded.
    String command = ReadmeSnippet.shellUnder("Enable it in a libtorrent4j client");
    assertTrue(command.contains("MyClient some.torrent"), command);
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec \"$@\"", "sh"));
    }
    cmd.addAll(List.of("sh", "-c", command.replace("MyClient some.torrent", main + " '" + torrent + "'")));
    ProcessBuilder client = new ProcessBuilder(cmd);
    client.environment().remove("JAVA_HOME");
    client.environment().remove("LD_PRELOAD");
    client.environment().put("CLASSPATH", classes + File.pathSeparator + System.getProperty("java.class.path"));
    client.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
        + System.getenv("PATH"));
    Path log = dir.resolve("client.log");
    Process p = client.directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Await.until("the client says it runs:\n" + log, () -> read(log).contains("press Enter to stop") || !p.isAlive());
      assertTrue(read(log).contains("ALTO endpoint "), read(log));
      Await.until("the plugin follows the torrent the client added", () -> read(log).contains("following torrent")
          || !p.isAlive());
      assertTrue(read(log).contains("following torrent"), read(log));
      p.getOutputStream().write('\n');
      p.getOutputStream().flush();
      boolean ended = p.waitFor(60, TimeUnit.SECONDS);
      String out = read(log);
      assertTrue(ended, "the client still runs 60 s after Enter:\n" + out);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("ALTO redistribution detached"), out);
      assertTrue(Files.isDirectory(work.resolve("alto-state")), "the state directory the example names was made");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void theBtExampleCompilesAndRunsOnARealTorrent() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    writeCa(work);
    Path data = Files.createDirectories(work.resolve("data"));
    Path torrent = torrentOf(data, "content.bin", work);

    Path classes = ReadmeSnippet.under("Enable it in a Bt client").compile(dir.resolve("classes"), "BtExample",
        List.of("java.nio.file.Path", "java.net.InetAddress", "java.net.URL", "bt.runtime.Config"),
        "Config config, URL torrentUrl, Path dataDir",
        "Config c = new Config();\n"
            + "    c.setAcceptorAddress(InetAddress.getByName(args[0]));\n"
            + "    c.setAcceptorPort(Integer.parseInt(args[1]));\n"
            + "    example(c, Path.of(args[2]).toUri().toURL(), Path.of(args[3]));");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), "BtExample", HOST,
        String.valueOf(freePort()), torrent.toString(), data.toString()));
    Path log = dir.resolve("example.log");
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "the example still runs after 60 s:\n" + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("ALTO redistribution attached to Bt at /" + HOST), out);
    assertTrue(out.contains("ALTO redistribution detached from Bt"), out);
    assertTrue(Files.isDirectory(work.resolve("alto-state")), "the state directory the example names was made");
  }

  /** The ISP's CA certificate the examples read from their working directory. */
  private static void writeCa(Path work) throws Exception {
    var ca = Pki.generateKeyPair(SignatureAlgorithm.ED25519);
    Files.writeString(work.resolve("isp-alto-ca.pem"), Pem.certificates(List.of(Pki.rootCa(ca, "ISP ALTO CA",
        Instant.now().minusSeconds(60), Instant.now().plusSeconds(86400), Pki.randomSerial()))));
  }

  /** A megabyte of random content named {@code name} in {@code data}, and its .torrent file in {@code work}. */
  private static Path torrentOf(Path data, String name, Path work) throws java.io.IOException {
    byte[] content = new byte[1 << 20];
    new Random(name.hashCode()).nextBytes(content);
    Files.write(data.resolve(name), content);
    Path torrent = work.resolve(name + ".torrent");
    Files.write(torrent, new TorrentBuilder().rootPath(data).addFile(data.resolve(name)).build());
    return torrent;
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }
}
