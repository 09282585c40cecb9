// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Script} from "forge-std/Script.sol";
import {SluiceRollup} from "../src/SluiceRollup.sol";
import {BatchHeader} from "../src/libraries/BatchHeader.sol";

/// @notice Deploys a rollup and appends calldata batches of growing size, as real transactions, so
///         that their receipts give the full gas of an append (intrinsic and calldata cost included).
///         Run by scripts/gas-benchmark.sh against a local anvil.
contract AppendGas is Script {
    function run() external {
        uint256[6] memory kib = [uint256(0), 1, 16, 64, 128, 256];
        vm.startBroadcast();
        SluiceRollup rollup = new SluiceRollup(msg.sender, 1 ether, 1 hours, 901);
        rollup.depositBond{value: 1 ether}();
        BatchHeader.Header memory header;
        header.recordCount = 1;
        header.recordsRoot = keccak256("records");
        header.rootsRoot = keccak256("roots");
        for (uint256 i = 0; i < kib.length; ++i) {
            bytes memory data = incompressible(kib[i] * 1024 + 6);
            header.index = uint64(i);
            header.prevHeaderHash = rollup.headHeaderHash();
            header.firstSequence = uint64(i);
            header.preStateRoot = header.postStateRoot;
            header.postStateRoot = keccak256(abi.encode("state", i));
            header.dataHash = keccak256(data);
            rollup.appendBatch(header, data);
        }
        vm.stopBroadcast();
    }

    /// @notice Pseudo-random bytes, like compressed batch data (almost no zero bytes).
    function incompressible(uint256 length) internal pure returns (bytes memory data) {
        data = new bytes(length);
        for (uint256 i = 0; i < length; i += 32) {
            bytes32 word = keccak256(abi.encode(i));
            for (uint256 j = 0; j < 32 && i + j < length; ++j) {
                data[i + j] = word[j] == 0 ? bytes1(0x01) : word[j];
            }
        }
    }
}
