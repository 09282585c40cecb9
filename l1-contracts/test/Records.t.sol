// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Records} from "../src/libraries/Records.sol";
import {RecordsHarness} from "./utils/Harnesses.sol";

/// @notice Records (decoder checks), RecordHashing (EIP-712, record leaf) and SignatureRecovery.
contract RecordsTest is Test {
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 internal constant HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    RecordsHarness internal h;
    bytes internal validSignature;

    function setUp() public {
        h = new RecordsHarness();
        validSignature = abi.encodePacked(bytes32(uint256(1)), bytes32(uint256(1)), uint8(27));
    }

    function record(uint8 op, bytes memory stream, bytes memory key, bytes memory value)
        internal
        pure
        returns (Records.Record memory)
    {
        return Records.Record({nonce: 0, op: op, stream: stream, key: key, value: value});
    }

    function sign(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    // ----- Records.validate --------------------------------------------------------------------

    function test_validate_succeeds_atBoundaries() public view {
        bytes memory stream = new bytes(64);
        for (uint256 i = 0; i < 64; ++i) {
            stream[i] = i % 2 == 0 ? bytes1(0x21) : bytes1(0x7e);
        }
        h.validate(record(Records.OP_PUT, stream, new bytes(256), new bytes(61_440)), validSignature);
        h.validate(record(Records.OP_PUT, "s", "k", ""), validSignature);
        h.validate(record(Records.OP_DELETE, "s", new bytes(1), ""), validSignature);
        h.validate(record(Records.OP_GRANT, "s", new bytes(20), ""), validSignature);
        h.validate(
            record(Records.OP_REVOKE, "s", new bytes(20), ""), abi.encodePacked(bytes32(0), bytes32(0), uint8(28))
        );
    }

    function test_validate_reverts_whenOpUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(Records.UnknownOp.selector, 0));
        h.validate(record(0, "s", "k", ""), validSignature);
        vm.expectRevert(abi.encodeWithSelector(Records.UnknownOp.selector, 255));
        h.validate(record(255, "s", "k", ""), validSignature);
    }

    function test_validate_reverts_whenStreamLengthOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(Records.StreamLengthOutOfRange.selector, 0));
        h.validate(record(Records.OP_PUT, "", "k", ""), validSignature);
        vm.expectRevert(abi.encodeWithSelector(Records.StreamLengthOutOfRange.selector, 65));
        h.validate(record(Records.OP_PUT, new bytes(65), "k", ""), validSignature);
    }

    function testFuzz_validate_streamBytes(bytes1 b) public {
        Records.Record memory r = record(Records.OP_PUT, abi.encodePacked("ab", b), "k", "");
        if (uint8(b) < 0x21 || uint8(b) > 0x7e) {
            vm.expectRevert(abi.encodeWithSelector(Records.StreamByteOutOfRange.selector, 2));
        }
        h.validate(r, validSignature);
    }

    function test_validate_reverts_whenEntryKeyLengthOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(Records.KeyLengthOutOfRange.selector, Records.OP_PUT, 0));
        h.validate(record(Records.OP_PUT, "s", "", ""), validSignature);
        vm.expectRevert(abi.encodeWithSelector(Records.KeyLengthOutOfRange.selector, Records.OP_DELETE, 257));
        h.validate(record(Records.OP_DELETE, "s", new bytes(257), ""), validSignature);
    }

    function test_validate_reverts_whenWriterKeyNot20Bytes() public {
        vm.expectRevert(abi.encodeWithSelector(Records.KeyLengthOutOfRange.selector, Records.OP_GRANT, 19));
        h.validate(record(Records.OP_GRANT, "s", new bytes(19), ""), validSignature);
        vm.expectRevert(abi.encodeWithSelector(Records.KeyLengthOutOfRange.selector, Records.OP_REVOKE, 32));
        h.validate(record(Records.OP_REVOKE, "s", new bytes(32), ""), validSignature);
    }

    function test_validate_reverts_whenValueLengthOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(Records.ValueLengthOutOfRange.selector, Records.OP_PUT, 61_441));
        h.validate(record(Records.OP_PUT, "s", "k", new bytes(61_441)), validSignature);
        vm.expectRevert(abi.encodeWithSelector(Records.ValueLengthOutOfRange.selector, Records.OP_DELETE, 1));
        h.validate(record(Records.OP_DELETE, "s", "k", "v"), validSignature);
        vm.expectRevert(abi.encodeWithSelector(Records.ValueLengthOutOfRange.selector, Records.OP_GRANT, 1));
        h.validate(record(Records.OP_GRANT, "s", new bytes(20), "v"), validSignature);
        vm.expectRevert(abi.encodeWithSelector(Records.ValueLengthOutOfRange.selector, Records.OP_REVOKE, 2));
        h.validate(record(Records.OP_REVOKE, "s", new bytes(20), "vv"), validSignature);
    }

    function test_validate_reverts_whenSignatureLengthWrong() public {
        vm.expectRevert(abi.encodeWithSelector(Records.SignatureLengthInvalid.selector, 64));
        h.validate(record(Records.OP_PUT, "s", "k", ""), new bytes(64));
        vm.expectRevert(abi.encodeWithSelector(Records.SignatureLengthInvalid.selector, 66));
        h.validate(record(Records.OP_PUT, "s", "k", ""), new bytes(66));
    }

    function testFuzz_validate_signatureV(uint8 v) public {
        bytes memory signature = abi.encodePacked(bytes32(uint256(1)), bytes32(uint256(1)), v);
        if (v != 27 && v != 28) vm.expectRevert(abi.encodeWithSelector(Records.SignatureVInvalid.selector, v));
        h.validate(record(Records.OP_PUT, "s", "k", ""), signature);
    }

    // ----- RecordHashing -----------------------------------------------------------------------

    function test_domainSeparator_matchesEip712() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes("Sluice")),
                keccak256(bytes("1")),
                uint256(31337),
                address(0x5FbDB2315678afecb367f032d93F642f64180aa3)
            )
        );
        assertEq(h.domainSeparator(31337, 0x5FbDB2315678afecb367f032d93F642f64180aa3), expected);
    }

    function testFuzz_digest_matchesEip712(
        uint64 nonce,
        uint8 op,
        bytes memory stream,
        bytes memory key,
        bytes memory value
    ) public view {
        Records.Record memory r = Records.Record(nonce, op, stream, key, value);
        bytes32 separator = h.domainSeparator(901, address(this));
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Record(uint64 nonce,uint8 op,string stream,bytes key,bytes value)"),
                uint256(nonce),
                uint256(op),
                keccak256(stream),
                keccak256(key),
                keccak256(value)
            )
        );
        assertEq(h.structHash(r), structHash);
        assertEq(h.digest(separator, r), keccak256(abi.encodePacked(bytes2(0x1901), separator, structHash)));
    }

    function testFuzz_recordLeaf_hashes105Bytes(bytes32 digest, bytes32 r, bytes32 s, uint8 v, uint64 timestamp)
        public
        view
    {
        bytes memory signature = abi.encodePacked(r, s, v);
        bytes memory preimage = bytes.concat(digest, signature, bytes8(timestamp));
        assertEq(preimage.length, 105);
        assertEq(h.recordLeaf(digest, signature, timestamp), keccak256(preimage));
    }

    // ----- SignatureRecovery -------------------------------------------------------------------

    function testFuzz_recover_succeeds(uint256 pk, bytes32 digest) public view {
        pk = bound(pk, 1, N - 1);
        bytes memory signature = sign(pk, digest);
        assertEq(h.recover(digest, signature), vm.addr(pk));
    }

    function testFuzz_recover_rejectsHighS(uint256 pk, bytes32 digest) public view {
        pk = bound(pk, 1, N - 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        assertLe(uint256(s), HALF_N, "forge signs low-s");
        // The malleated twin recovers the same key through the precompile, but is not valid.
        bytes memory twin = abi.encodePacked(r, bytes32(N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        assertEq(ecrecover(digest, v == 27 ? 28 : 27, r, bytes32(N - uint256(s))), vm.addr(pk));
        assertEq(h.recover(digest, twin), address(0));
    }

    function test_recover_rejectsOutOfRangeRAndS() public view {
        bytes32 digest = keccak256("digest");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(1234, digest);
        assertEq(h.recover(digest, abi.encodePacked(bytes32(0), s, v)), address(0), "r = 0");
        assertEq(h.recover(digest, abi.encodePacked(bytes32(N), s, v)), address(0), "r = n");
        assertEq(h.recover(digest, abi.encodePacked(r, bytes32(0), v)), address(0), "s = 0");
        assertEq(h.recover(digest, abi.encodePacked(r, bytes32(HALF_N + 1), v)), address(0), "s > n/2");
    }

    function test_recover_acceptsSEqualToHalfN() public view {
        // s = n/2 is the largest low s; with some r it recovers a (random) key.
        bytes32 digest = keccak256("digest");
        (uint8 v, bytes32 r,) = vm.sign(1234, digest);
        assertTrue(h.recover(digest, abi.encodePacked(r, bytes32(HALF_N), v)) != address(0));
    }

    function test_recover_rejectsNonCanonicalV() public view {
        bytes32 digest = keccak256("digest");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(1234, digest);
        assertEq(h.recover(digest, abi.encodePacked(r, s, v - 27)), address(0), "v in {0,1}");
        assertEq(h.recover(digest, abi.encodePacked(r, s, uint8(29))), address(0), "v = 29");
    }

    function test_recover_rejectsWrongLength() public view {
        bytes32 digest = keccak256("digest");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(1234, digest);
        assertEq(h.recover(digest, abi.encodePacked(r, s)), address(0));
        assertEq(h.recover(digest, abi.encodePacked(r, s, v, uint8(0))), address(0));
    }

    function test_recover_rejectsRNotOnCurve() public view {
        // x = 5 is not the x coordinate of a secp256k1 point: 5^3 + 7 = 132 has no square root mod p.
        bytes32 digest = keccak256("digest");
        assertEq(h.recover(digest, abi.encodePacked(bytes32(uint256(5)), bytes32(uint256(1)), uint8(27))), address(0));
    }

    function testFuzz_recover_otherDomainGivesOtherSender(uint256 pk) public view {
        pk = bound(pk, 1, N - 1);
        Records.Record memory r = record(Records.OP_PUT, "s", "k", "v");
        bytes32 mine = h.digest(h.domainSeparator(901, address(this)), r);
        bytes32 other = h.digest(h.domainSeparator(902, address(this)), r);
        bytes memory signature = sign(pk, mine);
        assertTrue(h.recover(other, signature) != vm.addr(pk));
    }
}
