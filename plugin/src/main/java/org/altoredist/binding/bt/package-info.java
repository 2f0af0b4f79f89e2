/**
 * The Bt binding: {@code ar_alto} in-wire on the content connections of Bt
 * (com.github.atomashpolskiy:bt-core), a pure-Java BitTorrent engine with a BEP 10 extension API.
 * {@link org.altoredist.binding.bt.AltoBt} is the one entry point: its Guice module registers the
 * extension with a Bt runtime, and {@code attach} drives the same redistribution engine as the
 * libtorrent4j binding over Bt's connections.
 */
package org.altoredist.binding.bt;
