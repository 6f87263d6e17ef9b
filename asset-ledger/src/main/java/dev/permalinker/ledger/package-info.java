/**
 * The asset ledger: the pipeline's memory of what became of each asset, and of how far the reconciler got.
 *
 * <p>One interface, {@link dev.permalinker.ledger.AssetLedger}, two stores: DynamoDB on AWS
 * ({@code dev.permalinker.ledger.aws.DynamoDbLedger}, the only place that imports AWS types) and an embedded H2
 * database locally ({@code dev.permalinker.ledger.local.LocalLedger}: {@code serve}'s data directory, {@code demo}'s
 * memory). The rules below are the same for both: they live once, in {@code internal.Transitions}.
 *
 * <h2>Rows</h2>
 * Per asset ({@link dev.permalinker.ledger.AssetKey}: stack API key, branch, asset uid) an
 * {@link dev.permalinker.ledger.AssetEntry}: state, who queued it, the failure code of a dead letter, the permanent
 * URL, attempts, first seen, last change, and an expiry ({@code LEDGER_RETENTION} after the last change, longer than
 * the reconciler's lookback). Per stack and branch ({@link dev.permalinker.ledger.ScanScope}) the reconciler's
 * {@link dev.permalinker.ledger.ScanCheckpoint}. Reads are strongly consistent. An expired row reads as absent; a row
 * that cannot be read (damaged, or from a newer version) is logged ({@code outcome=ledger_unreadable}) and reported as
 * {@link dev.permalinker.ledger.AssetLookup.Unreadable}: unknown, never done.
 *
 * <h2>States and the moves between them</h2>
 * A change is computed from the row as read and written only if the row is still that one (compare-and-set on a
 * revision; a lost race is retried from a fresh read). A refused change leaves the row as it is and says what won.
 * <table>
 *   <caption>Allowed moves: row = what the ledger has, column = the change asked for</caption>
 *   <tr><th>has \ asked</th><th>queued (webhook, reconciler)</th><th>queued (redrive)</th><th>written</th>
 *       <th>already_set</th><th>dead_lettered</th><th>deleted</th></tr>
 *   <tr><td>nothing (or expired)</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>queued</td><td>no (first source kept)</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td>
 *       <td>yes</td></tr>
 *   <tr><td>dead_lettered</td><td>no</td><td>yes (eligible again)</td><td>yes</td><td>yes</td>
 *       <td>yes (new code)</td><td>yes</td></tr>
 *   <tr><td>already_set</td><td>no</td><td>no</td><td>yes</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>written</td><td>no</td><td>no</td><td>yes</td><td>no (stays written)</td><td>no</td><td>yes</td></tr>
 *   <tr><td>deleted</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td><td>yes</td></tr>
 *   <tr><td>unreadable</td><td>no</td><td>no</td><td>yes</td><td>yes</td><td>no</td><td>yes</td></tr>
 * </table>
 * So a late reconciler job never downgrades a settled asset, a twin job's dead letter never hides a written URL, and
 * only a redrive makes a dead-lettered asset eligible again. Attempts add up over the applied outcomes.
 *
 * <h2>How each user calls it</h2>
 * Every operation throws {@link dev.permalinker.ledger.LedgerUnavailableException} when the store cannot answer:
 * the caller logs it once with its {@code reason} and falls back to what it did before the ledger, so nothing is lost
 * and nothing is written twice.
 * <ul>
 *   <li><b>Worker.</b> For a job that may have a twin (older than SQS's deduplication window, or redelivered) it
 *       calls {@code find(AssetKey.of(job))} instead of reading the CMA: {@code hasPermanentUrl()} ends the job
 *       {@code already_set} with no CMA call; {@code Absent} (no one recorded anything) is written directly; any
 *       other answer ({@code queued}, {@code dead_lettered}, {@code deleted}, {@code Unreadable}) or an unavailable
 *       ledger takes today's path: read the CMA first. A redelivery ({@code deliveries > 1}) keeps reading the CMA
 *       whatever the ledger says unless it says the URL is set: the previous attempt may have written and died
 *       before recording. After every job it calls {@code record(key, Settlement...)} with its outcome ({@code
 *       written}, {@code already_set}, {@code dead_lettered} with the failure code, {@code deleted} for
 *       {@code asset_deleted}); an unavailable ledger there is logged and the job still succeeds. A retried job
 *       ({@code Retry}) may call {@code markQueued(key, WEBHOOK)}: it creates a row only where none is (a job no
 *       reconciler or redrive marked came from a webhook), so the reconciler sees the asset in flight.</li>
 *   <li><b>Reconciler.</b> Per stack and branch it reads {@code checkpoint(scope)}, pages newest first down to the
 *       checkpoint's {@code settled} cut (less an overlap), or through the lookback on a first run, a full pass or
 *       an unreadable checkpoint, resuming an {@code unfinished} scan where one is kept. For each page's assets
 *       without a permanent URL it calls {@code findAll(keys)} (one batched read per page): an absent asset is
 *       missed: {@code markQueued(key, RECONCILER)}, then send the job (marked first, so a refused send leaves a
 *       queued row that the next run sends again) and count it in {@code MissedAssets}; {@code queued} was brought
 *       by a webhook or an earlier run: not missed (send it again only if it has waited long, by its
 *       {@code lastChange}); {@code dead_lettered} is the DLQ's: never queued, counted on its own; an asset the
 *       ledger has with its URL while the CMA lists none is a finding to log, not a job (the worker would end it
 *       {@code already_set}). It then calls {@code moveCheckpoint(read, next)} with {@code settled} moved up to the
 *       cut below the oldest asset still waiting (or an {@code UnfinishedScan} when it ran out of pages or time); a
 *       {@code Conflict} means another run moved it first: the run keeps its findings and leaves the checkpoint
 *       alone. An unavailable ledger: the run scans its whole window as before the ledger (or skips, the wiring's
 *       choice), logs it and records a metric.</li>
 *   <li><b>{@code permalinker-ops trace}.</b> {@code find(key)} first (one read): the row is the story's backbone
 *       (state, who queued it, URL, attempts, first seen, last change; an {@code Unreadable} row is shown as such);
 *       logs and Contentstack's executions add detail.</li>
 *   <li><b>{@code permalinker-ops dlq redrive}.</b> For each message it moves back, {@code markQueued(key,
 *       REDRIVE)}: a dead-lettered asset becomes eligible again for the reconciler and the worker.</li>
 * </ul>
 *
 * <h2>Wiring</h2>
 * On AWS: {@code DynamoDbLedger.create(config.tableName(), dynamoDbClient, config.retention(), clock, json)} with a
 * {@link dev.permalinker.ledger.LedgerConfig} from {@code LEDGER_TABLE} and {@code LEDGER_RETENTION}; the table's
 * layout and each operation's IAM actions are constants in {@code dev.permalinker.ledger.aws.LedgerTable}. Locally:
 * {@code LocalLedger.open(dataDir, retention, clock, json)} for {@code serve}, {@code LocalLedger.inMemory(...)} for
 * {@code demo}. Never in the ingest.
 */
package dev.permalinker.ledger;
