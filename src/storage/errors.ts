/**
 * Typed failures of a transaction store. Callers branch on `code`, never on message text,
 * and every store implementation throws the same classes (the contract suite checks it).
 */
export type TransactionStoreErrorCode =
  | 'DUPLICATE_TX_REF'
  | 'TX_NOT_FOUND'
  | 'INVALID_RECORD'
  | 'INVALID_QUERY'
  | 'INVALID_CONFIG'
  | 'STORE_CLOSED'
  | 'STORAGE_FAILURE';

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
    super('DUPLICATE_TX_REF', `a transaction with clientTxRef ${JSON.stringify(clientTxRef)} already exists`);
    this.name = 'DuplicateTransactionError';
  }
}

export class TransactionNotFoundError extends TransactionStoreError {
  constructor(readonly clientTxRef: string) {
    super('TX_NOT_FOUND', `no transaction with clientTxRef ${JSON.stringify(clientTxRef)}`);
    this.name = 'TransactionNotFoundError';
  }
}

export class InvalidTransactionError extends TransactionStoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_RECORD', message, options);
    this.name = 'InvalidTransactionError';
  }
}

export class InvalidQueryError extends TransactionStoreError {
  constructor(message: string) {
    super('INVALID_QUERY', message);
    this.name = 'InvalidQueryError';
  }
}
