// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title Collateral behind Voucher Wallet's micropayment vouchers.
/// @notice A client deposits an ERC-20 token, subscribes to vendors and pays them with EIP-712
///         vouchers signed off chain (src/protocol/voucher.ts). A vendor redeems the vouchers it
///         holds in batches; each (client, vendor, nonce) pays at most once, never more than the
///         voucher's atoms and never more than the client's collateral.
/// @dev Vendors extend credit up to collateral / (totalSubscriptions + expand risk). Two delays
///      keep that exposure from vanishing while a vendor still serves: an unsubscription keeps
///      counting until its notice period ends, and withdrawn collateral thaws first, during which
///      vendors can still redeem from it.
contract VoucherCollateral is EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @dev The same type string the wallet signs (VOUCHER_TYPES in src/protocol/voucher.ts).
    bytes32 public constant VOUCHER_TYPEHASH =
        keccak256("Voucher(address client,address vendor,uint64 nonce,uint256 atoms)");
    /// @notice Live subscriptions per client; bounds the loops behind totalSubscriptions.
    uint256 public constant MAX_SUBSCRIPTIONS = 64;
    /// @dev Subscription end of a subscription without a pending unsubscription.
    uint64 private constant NO_END = type(uint64).max;

    IERC20 public immutable token;
    /// @notice Seconds between a withdrawal request and the withdrawal.
    uint64 public immutable thawPeriod;
    /// @notice Seconds an unsubscription keeps counting in the client's total subscriptions.
    uint64 public immutable noticePeriod;

    /// @dev One slot, so a redemption reads and writes a client's balance once. `collateral`
    ///      includes `thawing`; thawing ≤ collateral always.
    struct Balance {
        uint128 collateral;
        uint128 thawing;
    }

    /// @dev What a vendor has redeemed from a client, in one slot.
    struct RedeemedTotals {
        uint128 atoms;
        uint64 vouchers;
        uint64 highestNonce;
    }

    /// @notice One voucher as a vendor submits it: its signed content (client and vendor come from
    ///         the enclosing ClientClaims and msg.sender), the atoms claimed, and its signature.
    struct VoucherClaim {
        uint64 nonce;
        uint256 atoms;
        uint256 claim;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    struct ClientClaims {
        address client;
        VoucherClaim[] vouchers;
    }

    mapping(address client => Balance) private _balances;
    mapping(address client => uint64) private _thawEnds;
    /// @dev 0: never subscribed; NO_END: subscribed; otherwise the end of the notice period.
    mapping(address client => mapping(address vendor => uint64)) private _subscriptionEnds;
    /// @dev Vendors whose subscription is live or was live at the last prune.
    mapping(address client => EnumerableSet.AddressSet) private _subscribedVendors;
    /// @dev One bit per nonce: a client's consecutive nonces share a slot, 256 to a word.
    mapping(address client => mapping(address vendor => mapping(uint256 word => uint256))) private _redeemedBits;
    mapping(address client => mapping(address vendor => RedeemedTotals)) private _redeemedTotals;

    event Deposited(address indexed client, uint256 atoms, uint256 collateral);
    event WithdrawalRequested(address indexed client, uint256 atoms, uint256 thawing, uint64 thawEnd);
    event WithdrawalCancelled(address indexed client, uint256 atoms);
    event Withdrawn(address indexed client, uint256 atoms);
    event Subscribed(address indexed client, address indexed vendor);
    event UnsubscriptionRequested(address indexed client, address indexed vendor, uint64 endsAt);
    /// @notice `paid` is below `claim` only when the client's collateral ran out.
    event VoucherRedeemed(address indexed client, address indexed vendor, uint64 nonce, uint256 claim, uint256 paid);

    error ZeroAmount();
    error InsufficientCollateral(uint256 available, uint256 requested);
    error NothingThawing();
    error StillThawing(uint64 thawEnd);
    error AlreadySubscribed(address vendor);
    error NotSubscribed(address vendor);
    error TooManySubscriptions();
    error ClaimAboveVoucher(address client, uint64 nonce);
    error InvalidVoucherSignature(address client, uint64 nonce);

    constructor(IERC20 token_, uint64 thawPeriod_, uint64 noticePeriod_) EIP712("VoucherWallet", "1") {
        token = token_;
        thawPeriod = thawPeriod_;
        noticePeriod = noticePeriod_;
    }

    // ---- Collateral ----

    function deposit(uint256 atoms) external nonReentrant {
        if (atoms == 0) revert ZeroAmount();
        Balance storage balance = _balances[msg.sender];
        uint128 held = SafeCast.toUint128(uint256(balance.collateral) + atoms);
        balance.collateral = held;
        token.safeTransferFrom(msg.sender, address(this), atoms);
        emit Deposited(msg.sender, atoms, held);
    }

    /// @notice Starts thawing `atoms` more; the whole thawing amount restarts its thaw period.
    function requestWithdrawal(uint256 atoms) external {
        if (atoms == 0) revert ZeroAmount();
        Balance memory balance = _balances[msg.sender];
        uint256 available = balance.collateral - balance.thawing;
        if (atoms > available) revert InsufficientCollateral(available, atoms);
        uint128 thawingNow = balance.thawing + uint128(atoms);
        _balances[msg.sender].thawing = thawingNow;
        uint64 thawEnd = uint64(block.timestamp) + thawPeriod;
        _thawEnds[msg.sender] = thawEnd;
        emit WithdrawalRequested(msg.sender, atoms, thawingNow, thawEnd);
    }

    function cancelWithdrawal() external {
        uint128 cancelled = _balances[msg.sender].thawing;
        if (cancelled == 0) revert NothingThawing();
        _balances[msg.sender].thawing = 0;
        delete _thawEnds[msg.sender];
        emit WithdrawalCancelled(msg.sender, cancelled);
    }

    /// @notice Pays out what is still thawing once the thaw period is over.
    function withdraw() external nonReentrant returns (uint256 atoms) {
        Balance memory balance = _balances[msg.sender];
        if (balance.thawing == 0) revert NothingThawing();
        uint64 thawEnd = _thawEnds[msg.sender];
        if (block.timestamp < thawEnd) revert StillThawing(thawEnd);
        atoms = balance.thawing;
        _balances[msg.sender] = Balance({collateral: balance.collateral - balance.thawing, thawing: 0});
        delete _thawEnds[msg.sender];
        token.safeTransfer(msg.sender, atoms);
        emit Withdrawn(msg.sender, atoms);
    }

    // ---- Subscriptions ----

    function subscribe(address vendor) external {
        uint64 endsAt = _subscriptionEnds[msg.sender][vendor];
        if (endsAt == NO_END) revert AlreadySubscribed(vendor);
        EnumerableSet.AddressSet storage vendors = _subscribedVendors[msg.sender];
        _pruneEnded(msg.sender, vendors);
        // A vendor still in its notice period is in the set already and is simply kept.
        if (!vendors.contains(vendor)) {
            if (vendors.length() >= MAX_SUBSCRIPTIONS) revert TooManySubscriptions();
            vendors.add(vendor);
        }
        _subscriptionEnds[msg.sender][vendor] = NO_END;
        emit Subscribed(msg.sender, vendor);
    }

    /// @notice Ends a subscription after the notice period; until then it still counts.
    function unsubscribe(address vendor) external {
        if (_subscriptionEnds[msg.sender][vendor] != NO_END) revert NotSubscribed(vendor);
        uint64 endsAt = uint64(block.timestamp) + noticePeriod;
        _subscriptionEnds[msg.sender][vendor] = endsAt;
        emit UnsubscriptionRequested(msg.sender, vendor, endsAt);
    }

    /// @dev Backwards, because remove() moves the last element into the removed one's place.
    function _pruneEnded(address client, EnumerableSet.AddressSet storage vendors) private {
        for (uint256 i = vendors.length(); i > 0; --i) {
            address vendor = vendors.at(i - 1);
            if (_subscriptionEnds[client][vendor] <= block.timestamp) vendors.remove(vendor);
        }
    }

    // ---- Redemption ----

    /// @notice Redeems vouchers signed for msg.sender, of many clients at once, and pays their
    ///         sum in one transfer. A voucher redeemed before (or twice in the batch) is skipped, so
    ///         a vendor may resubmit a batch whose fate it does not know. Reverts on a claim above
    ///         its voucher or a signature that is not the client's canonical (low-s) signature.
    function redeem(ClientClaims[] calldata batch) external nonReentrant returns (uint256 paid) {
        for (uint256 i; i < batch.length; ++i) {
            paid += _redeemClient(batch[i]);
        }
        if (paid != 0) token.safeTransfer(msg.sender, paid);
    }

    function _redeemClient(ClientClaims calldata claims) private returns (uint256 paid) {
        address client = claims.client;
        Balance memory balance = _balances[client];
        uint256 remaining = balance.collateral;
        RedeemedTotals memory totals = _redeemedTotals[client][msg.sender];
        mapping(uint256 => uint256) storage bits = _redeemedBits[client][msg.sender];
        uint256 redeemedCount;
        for (uint256 j; j < claims.vouchers.length; ++j) {
            VoucherClaim calldata voucher = claims.vouchers[j];
            uint64 nonce = voucher.nonce;
            if (voucher.claim > voucher.atoms) revert ClaimAboveVoucher(client, nonce);
            uint256 word = nonce >> 8;
            uint256 mask = 1 << (nonce & 0xff);
            uint256 wordBits = bits[word];
            if (wordBits & mask != 0) continue;
            _checkSignature(client, voucher);
            bits[word] = wordBits | mask;
            uint256 pay = voucher.claim < remaining ? voucher.claim : remaining;
            remaining -= pay;
            paid += pay;
            if (totals.vouchers + redeemedCount == 0 || nonce > totals.highestNonce) totals.highestNonce = nonce;
            ++redeemedCount;
            emit VoucherRedeemed(client, msg.sender, nonce, voucher.claim, pay);
        }
        if (redeemedCount == 0) return 0;
        if (paid != 0) {
            // remaining ≤ the old collateral, so both fit uint128.
            balance.collateral = uint128(remaining);
            if (balance.thawing > remaining) balance.thawing = uint128(remaining);
            _balances[client] = balance;
        }
        totals.atoms = SafeCast.toUint128(uint256(totals.atoms) + paid);
        totals.vouchers += uint64(redeemedCount);
        _redeemedTotals[client][msg.sender] = totals;
    }

    /// @dev OpenZeppelin's tryRecover refuses high-s signatures and v other than 27 or 28.
    function _checkSignature(address client, VoucherClaim calldata voucher) private view {
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(VOUCHER_TYPEHASH, client, msg.sender, voucher.nonce, voucher.atoms))
        );
        (address signer, ECDSA.RecoverError failure,) = ECDSA.tryRecover(digest, voucher.v, voucher.r, voucher.s);
        if (failure != ECDSA.RecoverError.NoError || signer != client) {
            revert InvalidVoucherSignature(client, voucher.nonce);
        }
    }

    // ---- Views ----

    /// @notice Everything a vendor's oracle needs about one client, in one call.
    function clientState(address client, address vendor)
        external
        view
        returns (uint256 held, uint256 thawingAtoms, bool subscribed, uint256 subscriptions)
    {
        Balance memory balance = _balances[client];
        return (balance.collateral, balance.thawing, isSubscribed(client, vendor), totalSubscriptions(client));
    }

    /// @notice All the client holds here, thawing included.
    function collateral(address client) external view returns (uint256) {
        return _balances[client].collateral;
    }

    /// @notice What is thawing, and when it may be withdrawn (0 when nothing thaws).
    function thawing(address client) external view returns (uint256 atoms, uint64 thawEnd) {
        return (_balances[client].thawing, _thawEnds[client]);
    }

    /// @notice True while subscribed, including during an unsubscription's notice period.
    function isSubscribed(address client, address vendor) public view returns (bool) {
        return _subscriptionEnds[client][vendor] > block.timestamp;
    }

    /// @notice type(uint64).max while subscribed with no unsubscription pending; 0 if never subscribed.
    function subscriptionEnd(address client, address vendor) external view returns (uint64) {
        return _subscriptionEnds[client][vendor];
    }

    /// @notice Live subscriptions, counting those in their notice period.
    function totalSubscriptions(address client) public view returns (uint256 count) {
        EnumerableSet.AddressSet storage vendors = _subscribedVendors[client];
        uint256 length = vendors.length();
        for (uint256 i; i < length; ++i) {
            if (_subscriptionEnds[client][vendors.at(i)] > block.timestamp) ++count;
        }
    }

    function redeemed(address client, address vendor, uint64 nonce) external view returns (bool) {
        return _redeemedBits[client][vendor][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @notice What `vendor` has been paid from `client`, over how many vouchers, and the highest
    ///         nonce among them (meaningless while vouchers is 0).
    function redeemedTotals(address client, address vendor)
        external
        view
        returns (uint256 atoms, uint256 vouchers, uint64 highestNonce)
    {
        RedeemedTotals memory totals = _redeemedTotals[client][vendor];
        return (totals.atoms, totals.vouchers, totals.highestNonce);
    }

    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }
}
