/**
 * The rule language of {@code downgrade_recommendations.when} in {@code budget.yaml}: comparisons
 * of per-agent metrics, joined with and/or/not, optionally held for N days. Entry type: {@link
 * dev.burnrate.downgrade.rules.Rule}.
 *
 * <p>The rules come from a file people edit, so they must not be able to run code. Two layers keep
 * them data: a strict parser that accepts only the documented grammar (no names beyond the fixed
 * metric list, no calls, attributes, indexing, strings or statements), and CEL, which type-checks
 * the translated expression against double variables in an environment holding nothing but
 * arithmetic and comparisons, and evaluates it without any access to Java objects.
 */
package dev.burnrate.downgrade.rules;
