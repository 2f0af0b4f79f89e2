package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bep-extension-spec/vectors/wire/exchange.json: each direction's bytes decode to the same
 * transcript fed whole, byte by byte, and split in two at every offset.
 */
class ExchangeVectorsTest {

  private static JsonNode exchange;
  private static byte[] fromA;
  private static byte[] fromB;

  @BeforeAll
  static void load() {
    exchange = Vectors.load("exchange.json");
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    exchange.get("steps").forEach(s -> (s.get("from").asText().equals("A") ? a : b).writeBytes(Vectors.hex(s.get("hex"))));
    fromA = a.toByteArray();
    fromB = b.toByteArray();
  }

  /** A's bytes are read by B, whose ar_alto id is 3; B's by A, whose id is 1. */
  private static RecordingSink decode(byte[] stream, int receiverId, int... splits) throws WireException {
    FrameDecoder d = new FrameDecoder(receiverId, true);
    RecordingSink sink = new RecordingSink();
    int from = 0;
    for (int to : splits) {
      d.feed(ByteBuffer.wrap(stream, from, to - from), sink);
      from = to;
    }
    d.feed(ByteBuffer.wrap(stream, from, stream.length - from), sink);
    return sink;
  }

  @Test
  void decodesTheSameAtEverySplitPoint() throws Exception {
    for (byte[] stream : List.of(fromA, fromB)) {
      int id = stream == fromA ? exchange.get("ar_alto_id_b").asInt() : exchange.get("ar_alto_id_a").asInt();
      List<String> whole = decode(stream, id).events;
      for (int split = 1; split < stream.length; split++) {
        assertEquals(whole, decode(stream, id, split).events, "split at " + split);
      }
    }
  }

  @Test
  void decodesTheSameByteByByte() throws Exception {
    int[] everyByte = new int[fromB.length - 1];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i + 1;
    }
    assertEquals(decode(fromB, 1).events, decode(fromB, 1, everyByte).events);
  }

  @Test
  void piecesReassembleToTheBundleItsHashNames() throws Exception {
    RecordingSink sink = decode(fromB, exchange.get("ar_alto_id_a").asInt());
    JsonNode bundle = exchange.get("bundle");
    BundleHash hash = BundleHash.ofHex(bundle.get("sha256").asText());
    BundleAssembler assembler = new BundleAssembler(hash, bundle.get("size").asInt(), WireLimits.DEFAULT_MAX_BUNDLE_SIZE);
    List<ArAltoMessage> messages = new ArrayList<>();
    for (int i = 0; i < sink.payloads.size(); i++) {
      if (sink.extendedIds.get(i) != 0) {
        messages.add(ExtensionMessageCodec.decode(sink.payloads.get(i)));
      }
    }
    ArAltoMessage.Inventory inv = (ArAltoMessage.Inventory) messages.get(0);
    assertEquals(Vectors.message(exchangeInventoryFields()), inv);
    for (ArAltoMessage m : messages.subList(1, messages.size())) {
      assertTrue(assembler.accept((ArAltoMessage.Data) m));
    }
    assertArrayEquals(Vectors.hex(bundle.get("hex")), assembler.verified().orElseThrow());
  }

  @Test
  void requestsAreTheThreePiecesUnderTheHoldersId() throws Exception {
    RecordingSink sink = decode(fromA, exchange.get("ar_alto_id_b").asInt());
    BundleHash hash = BundleHash.ofHex(exchange.get("bundle").get("sha256").asText());
    List<ArAltoMessage> requests = new ArrayList<>();
    for (int i = 0; i < sink.payloads.size(); i++) {
      if (sink.extendedIds.get(i) == 3) {
        requests.add(ExtensionMessageCodec.decode(sink.payloads.get(i)));
      }
    }
    assertEquals(List.of(new ArAltoMessage.Request(hash, 0), new ArAltoMessage.Request(hash, 1),
        new ArAltoMessage.Request(hash, 2)), requests);
  }

  private static JsonNode exchangeInventoryFields() {
    ObjectNode f = new ObjectMapper().createObjectNode();
    f.put("msg_type", 3);
    f.putArray("bundles").add(exchange.get("claim"));
    return f;
  }
}
