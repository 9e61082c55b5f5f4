import { describe } from 'vitest';
import { MemoryRedemptionStore } from './memory-redemption-store';
import { redemptionStoreContract } from './redemption-store-contract';

describe('MemoryRedemptionStore', () => {
  redemptionStoreContract(async () => new MemoryRedemptionStore());
});
