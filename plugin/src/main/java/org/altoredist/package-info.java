/**
 * altoredist: ALTO information redistribution for BitTorrent swarms.
 *
 * <p>The parts, one package each; data flows top to bottom and each knows only the ones below it:
 *
 * <ol>
 *   <li>{@code alto} — the RFC 7285 model: strict parsing of IRDs, network maps, cost maps and error
 *       documents that keeps their exact bytes; the IP→PID index and the cost matrix. Entry point:
 *       {@link org.altoredist.alto.AltoDocuments}.
 *   <li>{@code trust} — signing and verifying ALTO resources (Bouncy Castle, CMS).
 *   <li>{@code http} — ALTO over HTTP with signed resources: a signing ALTO server
 *       ({@link org.altoredist.http.AltoServer}), its static-file form
 *       ({@link org.altoredist.http.StaticSite}), and the client the engine falls back to
 *       ({@link org.altoredist.http.AltoClient}).
 *   <li>{@code wire} — the BEP 10 extension {@code ar_alto}: codec and peer-wire endpoint.
 *   <li>{@code engine} — redistribution: map store, propagation, verification, local ranking.
 *   <li>{@code binding} — attaching the engine to libtorrent4j ({@code ar_alto} on the plugin's own
 *       endpoint); {@code binding.bt} attaches it to Bt ({@code ar_alto} in-wire, on Bt's content
 *       connections), entry point {@link org.altoredist.binding.bt.AltoBt}.
 *   <li>{@code cli} — the {@code altoredist} command-line tool.
 * </ol>
 *
 * <p>Parts not yet in this tree are listed for orientation; see the project's issues.
 */
package org.altoredist;
