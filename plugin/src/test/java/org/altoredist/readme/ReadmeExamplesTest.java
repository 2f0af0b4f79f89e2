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
import org.altoredist.trust.Pem;
import org.altoredist.trust.Pki;
import org.altoredist.trust.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples as users copy them: each compiles against the library, and the Bt one runs,
 * in a JVM of its own whose working directory holds the files it names, against a real torrent.
 */
class ReadmeExamplesTest {

  /** A host of its own on loopback for the Bt example's runtime. */
  private static final String HOST = "127.0.9.1";

  @TempDir
  Path dir;

  @Test
  void theLibtorrent4jExampleCompiles() throws Exception {
    ReadmeSnippet.under("Enable it in a libtorrent4j client").compile(dir.resolve("classes"), "Libtorrent4jExample",
        List.of("java.nio.file.Path", "org.libtorrent4j.SessionManager", "org.libtorrent4j.SessionParams"),
        "SessionParams params", "");
  }

  @Test
  void theBtExampleCompilesAndRunsOnARealTorrent() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    var ca = Pki.generateKeyPair(SignatureAlgorithm.ED25519);
    Files.writeString(work.resolve("isp-alto-ca.pem"), Pem.certificates(List.of(Pki.rootCa(ca, "ISP ALTO CA",
        Instant.now().minusSeconds(60), Instant.now().plusSeconds(86400), Pki.randomSerial()))));
    Path data = Files.createDirectories(work.resolve("data"));
    byte[] content = new byte[1 << 20];
    new Random(1).nextBytes(content);
    Files.write(data.resolve("content.bin"), content);
    Path torrent = work.resolve("content.torrent");
    Files.write(torrent, new TorrentBuilder().rootPath(data).addFile(data.resolve("content.bin")).build());

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

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }
}
