package org.altoredist.http;

import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.altoredist.trust.Descriptor;

/**
 * Everything the server answers at one moment: each generated body with its detached signature,
 * by resource and by path. Immutable; a new version replaces the whole snapshot at once, so one
 * request never sees half of an update.
 */
final class Snapshot {

  /** The media type of a detached CMS signature (RFC 8551 §3.2.1, file extension .p7s). */
  static final String SIGNATURE_MEDIA_TYPE = "application/pkcs7-signature";

  /** A body signed under one descriptor. */
  record Signed(Catalog.Body body, byte[] signature, Descriptor descriptor) {}

  /**
   * What one path answers.
   *
   * @param key the resource it belongs to ("" for the root IRD), for the counters
   * @param signature whether this is the resource's signature rather than its body
   */
  record Representation(byte[] bytes, String mediaType, String etag, String key, boolean signature) {}

  private final Map<String, Signed> byKey;
  private final Map<String, Representation> byPath;
  private final Map<String, Catalog.Filter> filters;
  private final Instant built;

  Snapshot(Map<String, Signed> byKey, Map<String, Catalog.Filter> filters, Instant built) {
    this.filters = Map.copyOf(filters);
    this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    Map<String, Representation> paths = new LinkedHashMap<>();
    for (Signed s : byKey.values()) {
      Catalog.Body b = s.body();
      paths.put(b.path(), new Representation(b.bytes(), b.type().mediaType(), etag(b.bytes()), b.key(), false));
      paths.put(b.signaturePath(), new Representation(s.signature(), SIGNATURE_MEDIA_TYPE, etag(s.signature()), b.key(),
          true));
    }
    this.byPath = Collections.unmodifiableMap(paths);
    this.built = built;
  }

  /** Signed resources by key: "" for the root IRD, else the resource ID; IRD first. */
  Map<String, Signed> resources() {
    return byKey;
  }

  /** Representations by path relative to the service's base. */
  Map<String, Representation> paths() {
    return byPath;
  }

  Representation at(String path) {
    return byPath.get(path);
  }

  /** The filtered network map answering POSTs at this path, or null. */
  Catalog.Filter filter(String path) {
    return filters.get(path);
  }

  java.util.Set<String> filterPaths() {
    return filters.keySet();
  }

  Instant built() {
    return built;
  }

  /**
   * A strong entity tag (RFC 9110 §8.8.3): 128 bits of the SHA-256 of the exact bytes, so equal
   * bytes give equal tags across restarts and across servers.
   */
  static String etag(byte[] bytes) {
    return "\"" + HexFormat.of().formatHex(MetaSplice.sha256().digest(bytes), 0, 16) + "\"";
  }
}
