package org.altoredist.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.alto.MapGenerator;
import org.altoredist.http.AltoServer;
import org.altoredist.http.Nginx;
import org.altoredist.http.ServiceConfig;
import org.altoredist.http.StaticSite;

/**
 * The built-in ALTO server against nginx serving the same signed files, in one run on loopback
 * (BENCHMARKS.md): conditional GETs answered 304 for a 1 MiB network map (issue floor: 5,000/s for
 * the built-in server), and full-body GETs of the same map. Scenarios are interleaved over several
 * rounds so that a change in the machine's load hits both servers alike; the load average is
 * printed with each round. Run:
 *
 * <pre>mvn -B -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.HttpServeBench -Dbench=ROUNDS</pre>
 */
public final class HttpServeBench {

  static final int CONNECTIONS = 4;
  static final long WARMUP_MS = 2_000;
  static final long MEASURE_MS = 5_000;
  /** About 1 MiB of network map: ~58,000 IPv4 prefixes in 100 PIDs. */
  static final int PREFIXES = 58_000;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 && args[0].matches("[0-9]+") ? Integer.parseInt(args[0]) : 3;
    Path dir = Files.createTempDirectory("alto-bench");
    Path maps = Files.createDirectories(dir.resolve("maps"));
    byte[] nm = MapGenerator.networkMap(PREFIXES, 100, false, 1);
    Files.write(maps.resolve("networkmap.json"), nm);
    Files.write(maps.resolve("costmap.json"), MapGenerator.costMap(100, 2));
    Files.writeString(maps.resolve("ird.json"), "{\"meta\":{\"cost-types\":{\"num\":{\"cost-mode\":\"numerical\","
        + "\"cost-metric\":\"routingcost\"}},\"default-alto-network-map\":\"" + MapGenerator.NETWORK_MAP_ID + "\"},"
        + "\"resources\":{\"" + MapGenerator.NETWORK_MAP_ID + "\":{\"uri\":\"networkmap\","
        + "\"media-type\":\"application/alto-networkmap+json\"},\"costs\":{\"uri\":\"costmap\","
        + "\"media-type\":\"application/alto-costmap+json\",\"capabilities\":{\"cost-type-names\":[\"num\"]},"
        + "\"uses\":[\"" + MapGenerator.NETWORK_MAP_ID + "\"]}}}", StandardCharsets.UTF_8);
    ServiceConfig config = ServiceConfig.of(maps, dir.resolve("state"), URI.create("http://127.0.0.1/alto/directory"));
    StaticSite.Result site = StaticSite.publish(config, dir.resolve("www"), "/alto/");
    try (AltoServer server = AltoServer.builder(config).bind(InetAddress.getByName("127.0.5.10"))
        .pathPrefix("/alto/").watch(false).start();
        Nginx nginx = new Nginx(dir.resolve("nginx"), InetAddress.getByName("127.0.5.11"), site.nginxSnippet(), 2)) {
      Map<String, URI> targets = new LinkedHashMap<>();
      targets.put("built-in", server.httpDirectory().resolve("networkmap"));
      targets.put("nginx", nginx.base.resolve("alto/networkmap"));
      System.out.printf("network map: %d bytes; %d connections, %d ms warm-up, %d ms measured, %d rounds; %d CPUs%n",
          Files.size(dir.resolve("www/networkmap")), CONNECTIONS, WARMUP_MS, MEASURE_MS, rounds,
          Runtime.getRuntime().availableProcessors());
      Map<String, List<Double>> results = new LinkedHashMap<>();
      for (int r = 1; r <= rounds; r++) {
        for (boolean conditional : new boolean[] {true, false}) {
          for (Map.Entry<String, URI> t : targets.entrySet()) {
            String etag = conditional ? etag(t.getValue()) : null;
            HttpLoad.Result res = HttpLoad.run(t.getValue(), etag, conditional ? 304 : 200, CONNECTIONS, WARMUP_MS,
                MEASURE_MS);
            String key = t.getKey() + (conditional ? " 304/s" : " 200/s");
            results.computeIfAbsent(key, k -> new ArrayList<>()).add(res.perSecond());
            System.out.printf("round %d  %-16s %10.0f req/s %8.1f MiB/s   load average %s%n", r, key, res.perSecond(),
                res.mibPerSecond(), loadAverage());
          }
        }
      }
      System.out.println();
      System.out.println("| scenario | median req/s | min | max |");
      System.out.println("|---|---|---|---|");
      results.forEach((k, v) -> {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        System.out.printf("| %s | %.0f | %.0f | %.0f |%n", k, s.get(s.size() / 2), s.get(0), s.get(s.size() - 1));
      });
      System.out.printf("ratio built-in/nginx, median: 304 %.2f, full body %.2f%n",
          median(results.get("built-in 304/s")) / median(results.get("nginx 304/s")),
          median(results.get("built-in 200/s")) / median(results.get("nginx 200/s")));
    }
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static String etag(URI uri) throws Exception {
    HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.discarding());
    return r.headers().firstValue("ETag").orElseThrow();
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
