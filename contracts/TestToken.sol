// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title A USDC-like test token (6 decimals) for the local chain.
/// @notice Anyone may mint, but only on the chain it was deployed for: a copy of this token
///         deployed by mistake on another chain cannot be minted there.
contract TestToken is ERC20 {
    uint256 public immutable mintableChainId;

    error MintingDisabledOnThisChain(uint256 chainId);

    constructor(uint256 mintableChainId_) ERC20("Test USD", "tUSD") {
        mintableChainId = mintableChainId_;
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 atoms) external {
        if (block.chainid != mintableChainId) revert MintingDisabledOnThisChain(block.chainid);
        _mint(to, atoms);
    }
}
