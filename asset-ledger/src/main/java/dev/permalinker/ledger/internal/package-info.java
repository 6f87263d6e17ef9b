/**
 * The ledger's own machinery, not for callers: the rules ({@code Transitions}), the engine over any store
 * ({@link dev.permalinker.ledger.internal.StoreLedger}), the row format ({@code RowCodec},
 * {@link dev.permalinker.ledger.internal.LedgerFields}) and the store interface the two stores implement
 * ({@link dev.permalinker.ledger.internal.LedgerStore}).
 */
package dev.permalinker.ledger.internal;
