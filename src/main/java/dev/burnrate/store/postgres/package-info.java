/**
 * The shared store in a PostgreSQL database, for deployments where several servers must see the
 * same usage, the same reservations and the same governance state: {@link
 * dev.burnrate.store.postgres.PostgresEventLog} (the {@code EventLog} port), {@link
 * dev.burnrate.store.postgres.PostgresReservationLedger} (the {@code ReservationLedger} port),
 * {@link dev.burnrate.store.postgres.PostgresGovernanceState} (the {@code GovernanceState} port:
 * alerts, freezes, overrides, decisions, deliveries), {@link
 * dev.burnrate.store.postgres.PostgresCloudCostCache} (the {@code CloudCostCache} port), {@link
 * dev.burnrate.store.postgres.Database} (pool, migrations, schema check) and the settings and
 * failure types in their signatures. Queries never run in SQL: the in-memory index and book are
 * built from the rows and follow new ones.
 */
package dev.burnrate.store.postgres;
