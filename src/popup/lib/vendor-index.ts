import type { VendorSummary } from '../../messaging/popup-api';
import type { Asset } from '../../protocol';
import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';

/**
 * Records name their vendor by channelId (the vendor address) and carry no decimals or symbol,
 * so amounts are formatted with the asset of the approved vendor that channel belongs to.
 */
export interface VendorIndex {
  assetOf(record: TransactionRecord): Asset | undefined;
  originOf(channelId: string | undefined): string | undefined;
}

export function buildVendorIndex(vendors: readonly VendorSummary[]): VendorIndex {
  const byChannel = new Map(vendors.map((vendor) => [vendor.vendor.toLowerCase(), vendor]));
  const find = (channelId: string | undefined) => (channelId ? byChannel.get(channelId.toLowerCase()) : undefined);
  return {
    assetOf: (record) => find(record.channelId)?.asset,
    originOf: (channelId) => find(channelId)?.vendorOrigin,
  };
}
