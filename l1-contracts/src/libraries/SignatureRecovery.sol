// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title SignatureRecovery
/// @notice Sender recovery under Sluice's signature validity rule (protocol.md §1.1).
/// @dev A signature `r ‖ s ‖ v` is valid iff 1 ≤ r < n, 1 ≤ s ≤ n/2, v ∈ {27, 28} and recovery
///      succeeds. The precompile alone would accept high-s signatures, whose malleated twin
///      recovers the same sender: the low-s rule makes each signed digest have one valid signature.
library SignatureRecovery {
    /// @notice Order of the secp256k1 group.
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    /// @notice floor(n / 2): the largest `s` a valid signature may carry.
    uint256 internal constant SECP256K1_HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice The sender that signed `digest`, or the zero address when the signature is not valid.
    function recover(bytes32 digest, bytes calldata signature) internal pure returns (address) {
        if (signature.length != 65) return address(0);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(r) == 0 || uint256(r) >= SECP256K1_N) return address(0);
        if (uint256(s) == 0 || uint256(s) > SECP256K1_HALF_N) return address(0);
        if (v != 27 && v != 28) return address(0);
        // Zero when r is not the x coordinate of a curve point.
        return ecrecover(digest, v, r, s);
    }
}
