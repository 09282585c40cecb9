/**
 * The Java client SDK: {@link dev.sluice.rpc.client.SigningAccount} builds and signs records,
 * {@link dev.sluice.rpc.client.SluiceClient} (HTTP) and {@link
 * dev.sluice.rpc.client.SluiceWebSocketClient} submit them and read receipts, records and entries,
 * and {@link dev.sluice.rpc.client.EntryWithProof#verify} checks an entry's proof against a root
 * the caller trusts, taking nothing from the node on faith.
 */
package dev.sluice.rpc.client;
