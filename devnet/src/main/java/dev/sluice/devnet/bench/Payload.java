package dev.sluice.devnet.bench;

/**
 * What one record says, whichever system carries it: a PUT of {@code value} under {@code key} in
 * {@code stream}. Sluice signs it as a record, the Anvil side as a {@code DataRegistry.append}
 * transaction; the bytes are the same.
 */
record Payload(String stream, byte[] key, byte[] value) {}
