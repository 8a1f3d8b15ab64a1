/**
 * Advice to move an agent to a cheaper model: the operator's rules ({@code
 * downgrade_recommendations} in {@code budget.yaml}), their safe language ({@code downgrade.rules},
 * the only place CEL is used), the per-agent metrics they read and the advisor that prices the
 * savings. Entry type: {@link dev.burnrate.downgrade.Advisor}.
 *
 * <p>Pure Java: it computes advice; writing the review drafts is the control loop's job.
 */
package dev.burnrate.downgrade;
