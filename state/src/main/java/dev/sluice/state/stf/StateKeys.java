package dev.sluice.state.stf;

import dev.sluice.state.Address;
import dev.sluice.state.Bytes32;
import dev.sluice.state.Keccak;

/** Tree keys of the four leaf kinds (docs/protocol.md §2); the tag keeps the kinds apart. */
public final class StateKeys {
  static final byte ACCOUNT = 0x01;
  static final byte STREAM = 0x02;
  static final byte ACL = 0x03;
  static final byte ENTRY = 0x04;

  private StateKeys() {}

  public static Bytes32 account(Address sender) {
    byte[] input = new byte[1 + Address.SIZE];
    input[0] = ACCOUNT;
    sender.copyTo(input, 1);
    return Keccak.hash32(input);
  }

  public static Bytes32 stream(byte[] stream) {
    return Keccak.hash32(new byte[] {STREAM}, stream);
  }

  public static Bytes32 acl(byte[] stream, Address writer) {
    return Keccak.hash32(new byte[] {ACL}, Keccak.hash(stream), writer.toArray());
  }

  public static Bytes32 entry(byte[] stream, byte[] key) {
    return Keccak.hash32(new byte[] {ENTRY}, Keccak.hash(stream), key);
  }
}
