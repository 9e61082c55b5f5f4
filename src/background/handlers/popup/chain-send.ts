import { z } from 'zod';
import type { PopupHandler } from '../../handler';
import { sendChainAction } from '../../network/chain-sender';
import { address as vendor, empty, positiveAtoms } from '../schemas';
import { txView } from '../../network/chain-tx-store';

export const chainSend: PopupHandler<'chain.send'> = {
  input: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('deposit'), atoms: positiveAtoms }),
    z.strictObject({ kind: z.literal('requestWithdrawal'), atoms: positiveAtoms }),
    z.strictObject({ kind: z.literal('cancelWithdrawal') }),
    z.strictObject({ kind: z.literal('withdraw') }),
    z.strictObject({ kind: z.literal('subscribe'), vendor }),
    z.strictObject({ kind: z.literal('unsubscribe'), vendor }),
  ]),
  run: (input, services) => sendChainAction(services, input),
};

export const chainTransactions: PopupHandler<'chain.transactions'> = {
  input: empty,
  readOnly: true,
  async run(_input, services) {
    return (await services.chainTxs.list()).map(txView);
  },
};
