package org.altoredist.wire.endpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.bencode.BDict;
import org.altoredist.wire.bencode.Bencode;

/** A single-file v1 torrent built by hand (BEP 3 info dictionary), with its content on disk. */
final class TestTorrent {

  static final int PIECE_LENGTH = 16 * 1024;

  final byte[] torrentFile;
  final InfoHash infoHash;

  private TestTorrent(byte[] torrentFile, InfoHash infoHash) {
    this.torrentFile = torrentFile;
    this.infoHash = infoHash;
  }

  /** Writes {@code content} as {@code dir/name} and returns the torrent describing it. */
  static TestTorrent create(Path dir, String name, byte[] content) throws Exception {
    Files.write(dir.resolve(name), content);
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    byte[] pieces = new byte[((content.length + PIECE_LENGTH - 1) / PIECE_LENGTH) * 20];
    for (int p = 0, off = 0; off < content.length; p++, off += PIECE_LENGTH) {
      byte[] h = sha1.digest(Arrays.copyOfRange(content, off, Math.min(content.length, off + PIECE_LENGTH)));
      System.arraycopy(h, 0, pieces, p * 20, 20);
    }
    BDict info = BDict.builder().put("length", content.length).put("name", name)
        .put("piece length", PIECE_LENGTH).put("pieces", pieces).build();
    byte[] encodedInfo = Bencode.encode(info);
    byte[] torrent = Bencode.encode(BDict.builder().put("info", info).build());
    return new TestTorrent(torrent, InfoHash.of(sha1.digest(encodedInfo)));
  }
}
