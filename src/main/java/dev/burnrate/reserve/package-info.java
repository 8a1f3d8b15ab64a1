/**
 * Spend reservations: the per-call gate that agents ask before they spend. Which scopes apply to a
 * request (agent, team and fleet month, the agent's day, the run, the trailing hour and 24 hours),
 * what each scope's hard limit is, the in-memory book of reservations, and the decision: granted
 * only when every scope stays within its limit with this estimate added.
 *
 * <p>Pure Java: no I/O and no clock. {@code store} keeps the ledger durable and makes check and
 * reserve one atomic step; {@code control} joins it with the settled spend in the event index.
 */
package dev.burnrate.reserve;
