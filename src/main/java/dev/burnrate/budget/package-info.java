/**
 * Budgets and what happens as spend approaches them: monthly and daily ceilings per agent, team and
 * fleet, the graduated alert thresholds (notify, veto new deploys, freeze and escalate), the
 * month-to-date status and the preflight decisions built on them. Answers are records: {@code
 * BudgetReport} for the status, the sealed {@code PreflightDecision} ({@code Pass} or {@code Veto})
 * for the gate, with {@code AlertLevel} and {@code Scope} for what used to be strings. The
 * threshold test lives once, on {@code AlertThreshold.reachedBy}.
 *
 * <p>Pure Java: no I/O, no clock, no YAML. {@code config} turns files into these types and {@code
 * control} acts on the decisions (files, alerts, webhooks); everything here can assume its inputs
 * were validated and still checks its own invariants.
 */
package dev.burnrate.budget;
