/**
 * The sequencer: orders signed records, makes them durable, applies them to the state and feeds
 * them to subscribers.
 *
 * <p>Data flow ({@link dev.sluice.sequencer.PipelinedSequencer}), one bounded queue between each
 * two stages:
 *
 * <ol>
 *   <li>{@code Ingress}: worker threads recover each record's sender (the dearest step) and read
 *       the sender's nonce from the applied state; invalid signatures stop here.
 *   <li>{@code OrderingLoop}: one thread applies the nonce policy ({@code NonceBook}) and gives
 *       sequence numbers and timestamps in arrival order. It never does I/O.
 *   <li>{@code WriteAheadLog}: one thread writes groups of ordered records to the store in one
 *       batch each, fsyncs as {@link dev.sluice.sequencer.Durability} says, then acknowledges.
 *   <li>{@code StateApplier}: one thread runs the state transition function over the sparse Merkle
 *       tree, publishes each group's head, receipts and feed items, and writes checkpoints. After a
 *       restart it replays the log from the last checkpoint first.
 * </ol>
 *
 * Readers ({@code StateReader}, {@code ReceiptLedger}, the store) answer from published state on
 * the caller's thread; the {@code Feed} delivers to each subscriber on a virtual thread of its own.
 * docs/sequencer.md describes the policies.
 */
package dev.sluice.sequencer;
