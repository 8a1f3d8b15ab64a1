/**
 * The vocabulary every other package speaks: usage events, their status and dimensions, the cost
 * model (weights per tool), the exact fixed-scale amounts that costs are summed in, and how names
 * from the data are shown to humans ({@link dev.burnrate.cost.Text}).
 *
 * <p>Pure Java: no I/O, no clock, no framework.
 */
package dev.burnrate.cost;
