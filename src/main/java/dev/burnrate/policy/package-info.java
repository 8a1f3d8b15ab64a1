/**
 * Budgets and what happens as spend approaches them: monthly and daily ceilings per agent, team
 * and fleet, the graduated alert thresholds (notify, veto new deploys, freeze and escalate), model
 * downgrade rules, and the preflight decisions built on them.
 *
 * <p>Pure Java: no I/O, no clock, no YAML. {@code config} turns files into these types; everything
 * here can assume its inputs were validated and still checks its own invariants.
 */
package dev.burnrate.policy;
