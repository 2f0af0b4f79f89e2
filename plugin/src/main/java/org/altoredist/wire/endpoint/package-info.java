/**
 * A Java NIO peer-wire endpoint that speaks only {@code ar_alto}, for engines without a BEP 10
 * plugin API (libtorrent4j): {@link org.altoredist.wire.endpoint.WireEndpoint} accepts and dials
 * connections for registered info-hashes and reports to a
 * {@link org.altoredist.wire.endpoint.WireListener}; {@link org.altoredist.wire.endpoint.WirePeer}
 * sends to one connection.
 */
package org.altoredist.wire.endpoint;
