/**
 * Typed failures of a transaction store. Callers branch on `code`, never on message text,
 * and every store implementation throws the same classes (the contract suite checks it).
 */
export type TransactionStoreErrorCode =
  | 'duplicate_tx_ref'
  | 'tx_not_found'
  | 'invalid_record'
  | 'invalid_query'
  | 'invalid_config'
  | 'store_closed'
  | 'storage_failure';

export class TransactionStoreError extends Error {
  constructor(
    readonly code: TransactionStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransactionStoreError';
  }
}

export class DuplicateTransactionError extends TransactionStoreError {
  constructor(readonly clientTxRef: string) {
    super('duplicate_tx_ref', `a transaction with clientTxRef ${JSON.stringify(clientTxRef)} already exists`);
    this.name = 'DuplicateTransactionError';
  }
}

export class TransactionNotFoundError extends TransactionStoreError {
  constructor(readonly clientTxRef: string) {
    super('tx_not_found', `no transaction with clientTxRef ${JSON.stringify(clientTxRef)}`);
    this.name = 'TransactionNotFoundError';
  }
}

export class InvalidTransactionError extends TransactionStoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_record', message, options);
    this.name = 'InvalidTransactionError';
  }
}

export class InvalidQueryError extends TransactionStoreError {
  constructor(message: string) {
    super('invalid_query', message);
    this.name = 'InvalidQueryError';
  }
}
