/** The ledger in an embedded H2 database, for the local runner: on disk for {@code serve}, in memory for demo. */
package dev.permalinker.ledger.local;
