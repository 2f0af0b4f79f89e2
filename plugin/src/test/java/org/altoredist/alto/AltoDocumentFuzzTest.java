package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.altoredist.fuzz.WorkBound;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target: the ALTO JSON parsers (root and delegated IRD, network map, cost map, error
 * document, and type detection) and the cross-checks between documents. Every parser either
 * refuses the input with an {@link AltoValidationException} or returns a document that keeps the
 * input's exact bytes; a document parsed by type detection has the detected type; lookups and
 * the cross-checks against the bundled examples, both ways, refuse only with an
 * {@link AltoValidationException}; and no parse allocates more than a linear bound of the input
 * (plus the dense cost matrix the model documents, {@link CostMapParser#MAX_PIDS} squared at most).
 * A document over {@link AltoDocuments#MAX_DOCUMENT_BYTES} is refused before anything is read (a
 * plain test: one such input is 64 MiB).
 * Seeds: the bundled examples, the spec's HTTP and signed bodies, RFC 7285's examples and the
 * bad-document corpus (plugin/src/test/fuzz/make_seed_corpus.py); campaign: plugin/BENCHMARKS.md.
 */
class AltoDocumentFuzzTest {

  /**
   * Jackson's trees and the model's own structures take about 60 bytes per input byte on the
   * seeds; four times that leaves room for the worst shapes without hiding a quadratic.
   */
  private static final WorkBound BOUND = new WorkBound(256, 4L << 20);
  private static final URI SERVICE = URI.create("https://alto.example.com/directory");
  private static final List<InetAddress> PROBES = List.of(address("192.0.2.7"), address("127.0.1.1"),
      address("::1"), address("2001:db8::1"), address("0.0.0.0"), address("::ffff:198.51.100.1"));

  private static final InfoResourceDirectory IRD;
  private static final NetworkMap NETWORK_MAP;
  private static final CostMap COST_MAP;

  static {
    try {
      IRD = AltoDocuments.parseDirectory(example("ird.json"));
      NETWORK_MAP = AltoDocuments.parseNetworkMap(example("networkmap.json"));
      COST_MAP = AltoDocuments.parseCostMap(example("costmap.json"));
    } catch (AltoValidationException e) {
      throw new IllegalStateException("the bundled examples are valid", e);
    }
  }

  @FuzzTest(maxDuration = "10m")
  void parse(byte[] input) throws IOException, AltoValidationException {
    AltoDocument detected = parsed("detected", input, AltoDocuments::parse);
    if (detected != null) {
      assertEquals(detected.type(), AltoDocuments.detect(input), "parsed as one type, detected as another");
    }
    for (DocumentType t : DocumentType.values()) {
      check(parsed(t.shortName(), input, b -> AltoDocuments.parse(b, t)), input);
    }
    check(parsed("delegated IRD", input, AltoDocuments::parseDelegatedDirectory), input);
  }

  /** What refusing a document over the size limit may cost: the exception, nothing read or copied. */
  @Test
  void aDocumentOverTheSizeLimitIsRefusedUnread() {
    byte[] oversized = new byte[AltoDocuments.MAX_DOCUMENT_BYTES + 1];
    WorkBound unread = new WorkBound(0, 16 * 1024);
    List<Parser> parsers = List.of(AltoDocuments::parse, AltoDocuments::parseDirectory,
        AltoDocuments::parseDelegatedDirectory, AltoDocuments::parseNetworkMap, AltoDocuments::parseCostMap,
        AltoDocuments::parseError, b -> AltoDocuments.parse(b, DocumentType.COST_MAP));
    for (Parser p : parsers) {
      AltoValidationException e = assertThrows(AltoValidationException.class,
          () -> unread.check("an oversized document", oversized.length, () -> p.parse(oversized)));
      assertEquals(ErrorCode.E_SYNTAX, e.first().code(), e.getMessage());
    }
  }

  private interface Parser {
    AltoDocument parse(byte[] bytes) throws AltoValidationException;
  }

  /**
   * Parses a copy of the input within the work bound, then changes the copy: the document must
   * have kept bytes of its own. Null when refused.
   */
  private static AltoDocument parsed(String what, byte[] input, Parser parser) {
    byte[][] copy = new byte[1][];
    try {
      AltoDocument d = BOUND.check(what, input.length, () -> parser.parse(copy[0] = input.clone()),
          AltoDocumentFuzzTest::matrixBytes);
      if (input.length > 0) {
        copy[0][0] ^= 1;
      }
      return d;
    } catch (AltoValidationException refused) {
      return null;
    }
  }

  /** The dense matrix of a cost map: 16-bit codes, or plain doubles past 65,535 distinct values. */
  private static long matrixBytes(AltoDocument d) {
    if (!(d instanceof CostMap cm)) {
      return 0;
    }
    long cells = (long) cm.matrix().size() * cm.matrix().size();
    return cells * (cm.matrix().distinctValueCount() < 0 ? Double.BYTES + Short.BYTES : Short.BYTES);
  }

  private static void check(AltoDocument d, byte[] input) throws IOException {
    if (d == null) {
      return;
    }
    assertArrayEquals(input, d.bytes(), "the document's bytes are not the input's");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    d.writeTo(out);
    assertArrayEquals(input, out.toByteArray(), "writeTo changed the bytes");
    assertEquals(input.length, d.byteSize());
    d.summary();
    d.meta();
    if (d instanceof NetworkMap nm) {
      for (InetAddress a : PROBES) {
        String pid = nm.pidOf(a);
        if (pid != null && !nm.hasPid(pid)) {
          throw new AssertionError(a + " maps to " + pid + ", which the map does not define");
        }
      }
      refusedOnlyTyped(() -> CrossChecks.costMapAgainstNetworkMap(COST_MAP, nm));
      refusedOnlyTyped(() -> CrossChecks.networkMapAgainstDirectory(nm, IRD, "loopback-network-map"));
    } else if (d instanceof CostMap cm) {
      refusedOnlyTyped(() -> CrossChecks.costMapAgainstNetworkMap(cm, NETWORK_MAP));
      refusedOnlyTyped(() -> CrossChecks.costMapAgainstDirectory(cm, IRD, "loopback-routingcost"));
      for (String src : cm.matrix().pids()) {
        cm.matrix().cost(src, "PID1");
      }
    } else if (d instanceof InfoResourceDirectory ird) {
      for (InfoResourceDirectory.Entry e : ird.resources().values()) {
        e.resolve(SERVICE);
        ird.costTypeOf(e);
        refusedOnlyTyped(() -> CrossChecks.networkMapAgainstDirectory(NETWORK_MAP, ird, e.id()));
        refusedOnlyTyped(() -> CrossChecks.costMapAgainstDirectory(COST_MAP, ird, e.id()));
      }
    } else {
      ((AltoErrorDocument) d).knownCode();
    }
  }

  private interface CrossCheck {
    void run() throws AltoValidationException;
  }

  /** Anything but an {@link AltoValidationException} escapes and is a finding. */
  private static void refusedOnlyTyped(CrossCheck c) {
    try {
      c.run();
    } catch (AltoValidationException expected) {
      // the typed refusal
    }
  }

  private static byte[] example(String name) {
    try (InputStream in = AltoDocumentFuzzTest.class.getResourceAsStream("/org/altoredist/examples/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(literal + " is a literal", e);
    }
  }
}
