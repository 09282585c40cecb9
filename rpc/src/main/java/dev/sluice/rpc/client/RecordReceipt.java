package dev.sluice.rpc.client;

import dev.sluice.rpc.results.RecordStage;
import dev.sluice.state.stf.Receipt;

/** A receipt as the node reported it, and how far its record has travelled. */
public record RecordReceipt(Receipt receipt, RecordStage stage) {}
