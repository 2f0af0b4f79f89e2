package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One place of a steering round's ranking of a torrent's candidates, and whether the plugin asked
 * libtorrent to connect to it, in the order it decided: what makes the steering observable. Kept on
 * this node only, like the ranking it comes from.
 *
 * @param tick which steering round of this plugin asked, from 0; one ranking per round and torrent
 * @param at when libtorrent was asked
 * @param torrent the torrent's info-hash, hex
 * @param peer the candidate dialled
 * @param pid the candidate's PID, or null when the map does not cover it
 * @param cost the cost from this node's PID to it, NaN when the map defines none
 * @param rank its place in that tick's ranking, from 0; -1 for a peer let through for a starving
 *     download's relief
 * @param dialled whether libtorrent was asked to connect (a peer at an address already connected is
 *     ranked but not dialled again, nor one whose address libtorrent cannot read)
 */
public record SteeringEvent(long tick, Instant at, String torrent, InetSocketAddress peer, String pid, double cost, int rank,
    boolean dialled) {}
