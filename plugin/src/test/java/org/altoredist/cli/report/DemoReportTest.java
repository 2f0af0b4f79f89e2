package org.altoredist.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The demo report's figures, and pages whose charts are well-formed SVG. */
class DemoReportTest {

  private static DemoReport sample() {
    List<DemoReport.Peer> peers = List.of(
        new DemoReport.Peer("seed@127.0.1.1", "pid-1", true, true, 0.0, "seed", 0.0, 0, 0),
        new DemoReport.Peer("alto-1@127.0.1.2", "pid-1", true, false, 0.4, "peer", 3.0, 100, 0),
        new DemoReport.Peer("alto-2@127.0.2.1", "pid-2", true, false, 0.9, "peer", 5.0, 110, 10),
        new DemoReport.Peer("vanilla-1@127.0.2.2", "pid-2", false, false, Double.NaN, null, 4.0, 100, 40),
        new DemoReport.Peer("vanilla-2 <&>@127.0.1.3", "pid-1", false, false, Double.NaN, null, Double.NaN, 100, 50));
    long[][] alto = {{90, 10}, {0, 100}};
    long[][] vanilla = {{50, 50}, {40, 60}};
    return DemoReport.of("5 peers, 2 PIDs, 1 MiB", 2, 6, 2, peers, List.of("pid-1", "pid-2"), alto, vanilla);
  }

  @Test
  void interPidShareCountsOffDiagonalBytes() {
    assertEquals(0.05, DemoReport.interPidShare(new long[][] {{90, 10}, {0, 100}}), 1e-12);
    assertTrue(Double.isNaN(DemoReport.interPidShare(new long[][] {{0}})));
  }

  @Test
  void tailsLeaveOutTheSeederAndCountAPeerThatNeverCompletedAsSlowest() {
    DemoReport r = sample();
    assertEquals(new DemoReport.Tail(2, 2, 4.0, 5.0, 5.0), r.altoCompletion(), "the seeder's 0 s is no download");
    DemoReport.Tail v = r.vanillaCompletion();
    assertEquals(2, v.peers());
    assertEquals(1, v.completed());
    assertTrue(Double.isNaN(v.slowest()) && Double.isNaN(v.p90()), "a starved peer leaves no slowest time: " + v);
  }

  @Test
  void aPeerCannotHaveCrossedMoreBytesThanItReceived() {
    assertThrows(IllegalArgumentException.class,
        () -> new DemoReport.Peer("a@127.0.1.2", "pid-1", true, false, 0, "peer", 1.0, 10, 11));
    assertThrows(IllegalArgumentException.class,
        () -> new DemoReport.Peer("a@127.0.1.2", "pid-1", true, false, 0, "peer", 1.0, 10, -1));
  }

  @Test
  void theNinetiethPercentileIsTheNearestRank() {
    List<DemoReport.Peer> peers = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      peers.add(new DemoReport.Peer("p" + i, "pid-1", true, false, 0, "peer", i, 0, 0));
    }
    DemoReport.Tail t = DemoReport.Tail.of(peers);
    assertEquals(18.0, t.p90());
    assertEquals(10.5, t.median());
    assertEquals(20.0, t.slowest());
  }

  @Test
  void theTextReportNamesTheAltoPeersPastTheSlowestVanillaPeer() {
    String t = TextReport.render(sample());
    assertTrue(t.contains("no vanilla bound (a vanilla peer did not complete)"), t);
    List<DemoReport.Peer> peers = List.of(new DemoReport.Peer("a@127.0.1.2", "pid-1", true, false, 0, "peer", 12.0, 0, 0),
        new DemoReport.Peer("b@127.0.1.3", "pid-1", true, false, 0, "peer", 9.0, 0, 0),
        new DemoReport.Peer("v@127.0.1.4", "pid-1", false, false, Double.NaN, null, 10.0, 0, 0));
    long[][] zero = {{0}};
    String u = TextReport.render(DemoReport.of("t", 1, 1, 1, peers, List.of("pid-1"), zero, zero));
    assertTrue(u.contains("a@127.0.1.2 (pid-1, 12.00 s)") && !u.contains("b@127.0.1.3 ("), u);
    assertTrue(u.contains("median 1.05, p90 1.20, slowest 1.20"), u);
  }

  @Test
  void terminalReportStatesTheKeyFigures() {
    String t = TextReport.render(sample());
    assertTrue(t.contains("ALTO-server requests                               2 (without redistribution: 6, map versions: 2)"), t);
    assertTrue(t.contains("3 of 3 (the last after 0.90 s)"), t);
    assertTrue(t.contains("4 of 5"), t);
    assertTrue(t.contains("5 % / 45 %"), t);
  }

  @Test
  void everyChartInTheHtmlPageIsWellFormedSvg() throws Exception {
    String html = HtmlReport.render(sample());
    Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
    int charts = 0;
    while (m.find()) {
      DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
      charts++;
    }
    assertEquals(5, charts);
    assertTrue(html.contains("vanilla-2 &lt;&amp;&gt;@127.0.1.3"), "names are escaped");
  }
}
