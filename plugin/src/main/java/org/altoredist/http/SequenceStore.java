package org.altoredist.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.altoredist.trust.Descriptor;

/**
 * The last sequence issued per (service, resource), persisted in the state directory so that a
 * restarted server never reuses or lowers one (signed-resources.md §2.2: a verifier holding n
 * refuses any m < n). A sequence is written to disk (temporary file, fsync, atomic rename) before
 * any signature carrying it exists, so a crash can skip numbers but never repeat one.
 *
 * <p>Sequences also never fall below the clock's epoch second: should the state directory be lost,
 * a server with a sane clock still issues numbers above those its clients hold.
 */
final class SequenceStore {

  static final String FILE = "sequences.json";
  /** The key of the root IRD, which has no resource ID; "" is no valid resource ID (RFC 7285 §10.2). */
  static final String DIRECTORY_KEY = "";

  private final Path file;
  private final Clock clock;
  private final Map<String, Map<String, Long>> last = new HashMap<>();

  SequenceStore(Path stateDir, Clock clock) throws IOException {
    Files.createDirectories(stateDir);
    this.file = stateDir.resolve(FILE);
    this.clock = clock;
    if (Files.exists(file)) {
      load();
    }
  }

  /** The last sequence issued for a resource of a service, or -1. */
  synchronized long last(String service, String key) {
    return last.getOrDefault(service, Map.of()).getOrDefault(key, -1L);
  }

  /**
   * Issues the next sequence for each key (all persisted in one write) and returns them in the
   * keys' order.
   */
  synchronized long[] next(String service, Collection<String> keys) throws IOException {
    Map<String, Long> m = last.computeIfAbsent(service, s -> new HashMap<>());
    long floor = clock.instant().getEpochSecond();
    long[] out = new long[keys.size()];
    int i = 0;
    for (String k : keys) {
      long n = Math.max(m.getOrDefault(k, -1L) + 1, floor);
      if (n > Descriptor.MAX_SEQUENCE) {
        throw new IOException("sequence space of " + k + " exhausted");
      }
      m.put(k, n);
      out[i++] = n;
    }
    save();
    return out;
  }

  private void load() throws IOException {
    JsonNode root;
    try {
      root = MetaSplice.MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(file + " is not readable sequence state: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + " is not a JSON object of services");
    }
    for (Iterator<Map.Entry<String, JsonNode>> s = root.fields(); s.hasNext(); ) {
      Map.Entry<String, JsonNode> service = s.next();
      Map<String, Long> m = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> r = service.getValue().fields(); r.hasNext(); ) {
        Map.Entry<String, JsonNode> e = r.next();
        if (!e.getValue().canConvertToExactIntegral() || e.getValue().asLong() < 0) {
          throw new IOException(file + ": the sequence of " + e.getKey() + " is not a non-negative integer");
        }
        m.put(e.getKey(), e.getValue().asLong());
      }
      last.put(service.getKey(), m);
    }
  }

  private void save() throws IOException {
    ObjectNode root = MetaSplice.MAPPER.createObjectNode();
    last.forEach((service, m) -> {
      ObjectNode o = root.putObject(service);
      new java.util.TreeMap<>(m).forEach(o::put);
    });
    AtomicFile.write(file, MetaSplice.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
