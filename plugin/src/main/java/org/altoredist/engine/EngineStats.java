package org.altoredist.engine;

/**
 * Counters of one engine since it started; an immutable snapshot.
 *
 * @param serverRequests fetches sent to the ALTO server
 * @param serverFailures of those, the ones that failed or brought nothing usable
 * @param installed versions installed, from any source
 * @param installedFromPeers of those, the ones peers delivered
 * @param refused bundles refused after download (hash, signature, descriptor or claim)
 * @param piecesReceived data messages received that answered a request
 * @param payloadBytesReceived piece bytes in those messages
 * @param duplicatePieces pieces that arrived after the same piece had already come from another peer
 * @param latePieces pieces for downloads that had already finished or been abandoned
 * @param piecesServed data messages sent
 * @param requestTimeouts requests given up on
 * @param peersDropped peers disconnected and banned for misbehaving
 * @param peersConnected {@code ar_alto} links open now (a gauge, not a counter)
 * @param deltasApplied versions installed by rebuilding them from a held version and a delta bundle
 */
public record EngineStats(long serverRequests, long serverFailures, long installed, long installedFromPeers,
    long refused, long piecesReceived, long payloadBytesReceived, long duplicatePieces, long latePieces,
    long piecesServed, long requestTimeouts, long peersDropped, long peersConnected, long deltasApplied) {

  static final EngineStats ZERO = new EngineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
