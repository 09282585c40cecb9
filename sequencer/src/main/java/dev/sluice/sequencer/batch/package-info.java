/**
 * Batches from the sequencer's side: {@link dev.sluice.sequencer.batch.BatchBuilder} cuts the
 * applied log into batches for the poster (limits in {@link dev.sluice.sequencer.batch.BatchConfig}),
 * and {@link dev.sluice.sequencer.batch.BatchFaultInjection} makes it cheat on purpose, for tests
 * and devnets only. See docs/sequencer.md, "Batches".
 */
package dev.sluice.sequencer.batch;
