package org.altoredist.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.altoredist.wire.InfoHash;

/**
 * A 20-byte key under which {@code ar_alto} endpoints announce themselves and look each other up
 * in a DHT (BEP 5 keys are 20 bytes) or another rendezvous. Two derivations, both SHA-256 truncated
 * to 20 bytes as BEP 52 truncates v2 info-hashes:
 *
 * <pre>
 * torrent:  SHA-256("ar_alto rendezvous 1" 0x00 info-hash)[0..20]
 * resource: SHA-256("ar_alto resource 1" 0x00 service 0x00 resource-id 0x00 parameters)[0..20]
 * </pre>
 *
 * The torrent key differs from the info-hash, so vanilla peers, which look up the info-hash
 * itself, never meet the extension's endpoint. The resource key is the draft's trackerless
 * example: a key derived from the ALTO service, the resource and its input parameters, so that
 * whoever wants that resource finds whoever holds it in any swarm. The root IRD's resource id is
 * the empty string; the parameters of the GET resources that may be redistributed are the empty
 * string. An endpoint that announces under a resource key accepts BEP 3 connections whose
 * info-hash is that key ({@link #asInfoHash}).
 */
public final class RendezvousKey {

  /** What a key was derived from. */
  public enum Kind { TORRENT, RESOURCE }

  static final String TORRENT_LABEL = "ar_alto rendezvous 1";
  static final String RESOURCE_LABEL = "ar_alto resource 1";

  private final Kind kind;
  private final byte[] key;

  private RendezvousKey(Kind kind, byte[] key) {
    this.kind = kind;
    this.key = key;
  }

  /** The key at which the {@code ar_alto} endpoints of one torrent meet. */
  public static RendezvousKey forTorrent(InfoHash infoHash) {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(TORRENT_LABEL.getBytes(StandardCharsets.US_ASCII));
    in.write(0);
    in.writeBytes(infoHash.bytes());
    return new RendezvousKey(Kind.TORRENT, truncatedSha256(in.toByteArray()));
  }

  /**
   * The key of one resource of one service.
   *
   * @param resourceId the resource id, or null for the root IRD
   */
  public static RendezvousKey forResource(String service, String resourceId) {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(RESOURCE_LABEL.getBytes(StandardCharsets.US_ASCII));
    in.write(0);
    ascii(in, service);
    in.write(0);
    if (resourceId != null) {
      ascii(in, resourceId);
    }
    in.write(0);
    // The redistributable resources are GET resources without input: their parameters are empty.
    return new RendezvousKey(Kind.RESOURCE, truncatedSha256(in.toByteArray()));
  }

  public Kind kind() {
    return kind;
  }

  public byte[] bytes() {
    return key.clone();
  }

  /** The key as the info-hash of BEP 3 connections made to peers found under it. */
  public InfoHash asInfoHash() {
    return InfoHash.of(key);
  }

  public String hex() {
    return HexFormat.of().formatHex(key);
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x21 || s.charAt(i) > 0x7e) {
        throw new IllegalArgumentException("not printable ASCII: " + s);
      }
    }
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] truncatedSha256(byte[] input) {
    try {
      return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(input), InfoHash.LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RendezvousKey k && kind == k.kind && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + hex();
  }
}
