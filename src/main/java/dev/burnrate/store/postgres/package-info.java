/**
 * The event log in a shared PostgreSQL database, for deployments where several servers must see the
 * same usage: {@link dev.burnrate.store.postgres.PostgresEventLog} (the {@code EventLog} port),
 * {@link dev.burnrate.store.postgres.Database} (pool, migrations, schema check) and the settings
 * and failure types in their signatures. Queries never run in SQL: the in-memory index is built
 * from the rows and follows new ones.
 */
package dev.burnrate.store.postgres;
