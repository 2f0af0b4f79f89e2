package org.altoredist.it.swarm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.altoredist.binding.Libtorrent4jNative;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentInfo;

/**
 * The content a test swarm shares: one file of seeded random bytes and its v1 torrent naming the
 * tracker. v1 only, because the Debian builds of Transmission (3.00) and aria2 (1.36) predate
 * BitTorrent v2.
 */
public final class SwarmContent {

  public static final String FILE_NAME = "content.bin";

  private final Path seedDir;
  private final Path torrentFile;
  private final byte[] infoHash;
  private final byte[] sha256;
  private final long size;

  private SwarmContent(Path seedDir, Path torrentFile, byte[] infoHash, byte[] sha256, long size) {
    this.seedDir = seedDir;
    this.torrentFile = torrentFile;
    this.infoHash = infoHash;
    this.sha256 = sha256;
    this.size = size;
  }

  /** Writes {@code size} bytes from {@code seed} under {@code dir}/seed and makes the torrent. */
  public static SwarmContent create(Path dir, long size, long seed, String announceUrl) throws IOException {
    Libtorrent4jNative.ensureLoadable();
    Path seedDir = Files.createDirectories(dir.resolve("seed"));
    Path file = seedDir.resolve(FILE_NAME);
    MessageDigest md = sha256();
    Random rnd = new Random(seed);
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        rnd.nextBytes(block);
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        md.update(block, 0, n);
      }
    }
    TorrentBuilder.Result r = new TorrentBuilder().path(file.toFile()).flags(TorrentBuilder.V1_ONLY)
        .pieceSize(256 * 1024).addTracker(announceUrl).creator("altoredist integration tests").generate();
    Path torrent = dir.resolve("content.torrent");
    Files.write(torrent, r.entry().bencode());
    byte[] infoHash = HexFormat.of().parseHex(new TorrentInfo(torrent.toFile()).infoHash().toHex());
    return new SwarmContent(seedDir, torrent, infoHash, md.digest(), size);
  }

  /** The directory holding the complete file, for seeders. */
  public Path seedDir() {
    return seedDir;
  }

  public Path torrentFile() {
    return torrentFile;
  }

  public byte[] infoHash() {
    return infoHash.clone();
  }

  public long size() {
    return size;
  }

  /** Whether {@code dir} holds the complete, correct file: the end-to-end check of a download. */
  public boolean isCompleteIn(Path dir) {
    Path f = dir.resolve(FILE_NAME);
    try {
      if (!Files.isRegularFile(f) || Files.size(f) != size) {
        return false;
      }
      MessageDigest md = sha256();
      try (var in = Files.newInputStream(f)) {
        byte[] b = new byte[64 * 1024];
        for (int n; (n = in.read(b)) > 0; ) {
          md.update(b, 0, n);
        }
      }
      return MessageDigest.isEqual(md.digest(), sha256);
    } catch (IOException e) {
      return false;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
