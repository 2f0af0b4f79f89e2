package org.altoredist.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads bep-extension-spec/vectors/wire/*.json (the spec directory comes from {@code altoredist.spec.dir}). */
final class Vectors {

  private Vectors() {}

  static Path dir() {
    String spec = System.getProperty("altoredist.spec.dir");
    if (spec == null) {
      throw new IllegalStateException("system property altoredist.spec.dir is not set (surefire sets it)");
    }
    return Path.of(spec, "vectors", "wire");
  }

  static JsonNode load(String file) {
    try {
      return new ObjectMapper().readTree(dir().resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> cases(String file) {
    List<JsonNode> out = new ArrayList<>();
    load(file).get("cases").forEach(out::add);
    return out;
  }

  static JsonNode named(String file, String name) {
    return cases(file).stream().filter(c -> c.get("name").asText().equals(name)).findFirst().orElseThrow();
  }

  static byte[] hex(JsonNode n) {
    return HexFormat.of().parseHex(n.asText());
  }

  /** The message a case's {@code fields} describe, built without the codec under test. */
  private static BundleClaim claim(JsonNode c) {
    return new BundleClaim(c.get("service").asText(), c.has("rid") ? c.get("rid").asText() : null,
        c.get("seq").asLong(), c.get("size").asInt(), BundleHash.of(hex(c.get("sha256"))));
  }

  static ArAltoMessage message(JsonNode f) {
    BundleHash h = f.has("sha256") ? BundleHash.of(hex(f.get("sha256"))) : null;
    return switch (f.get("msg_type").asInt()) {
      case 0 -> new ArAltoMessage.Request(h, f.get("piece").asInt());
      case 1 -> new ArAltoMessage.Data(h, f.get("piece").asInt(), f.get("total_size").asInt(),
          ByteBuffer.wrap(hex(f.get("raw"))));
      case 2 -> new ArAltoMessage.Reject(h, f.get("piece").asInt(), f.get("reason").asInt());
      case 3 -> {
        List<BundleClaim> claims = new ArrayList<>();
        f.get("bundles").forEach(c -> claims.add(claim(c)));
        List<BundleHash> dropped = new ArrayList<>();
        if (f.has("dropped")) {
          f.get("dropped").forEach(d -> dropped.add(BundleHash.of(hex(d))));
        }
        List<DeltaClaim> deltas = new ArrayList<>();
        if (f.has("deltas")) {
          f.get("deltas").forEach(d -> deltas.add(new DeltaClaim(claim(d), BundleHash.of(hex(d.get("base"))),
              BundleHash.of(hex(d.get("target"))))));
        }
        yield new ArAltoMessage.Inventory(claims, dropped, deltas);
      }
      case 4 -> {
        List<InetSocketAddress> all = new ArrayList<>();
        for (String key : List.of("added", "added6")) {
          if (f.has(key)) {
            f.get(key).forEach(e -> all.add(endpoint(e.asText())));
          }
        }
        yield new ArAltoMessage.Endpoints(all);
      }
      default -> throw new IllegalArgumentException("no message type " + f.get("msg_type"));
    };
  }

  private static InetSocketAddress endpoint(String text) {
    int colon = text.lastIndexOf(':');
    String host = text.substring(0, colon).replace("[", "").replace("]", "");
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
