/**
 * The vocabulary every other package speaks: usage events, their status and dimensions, the cost
 * model (weights per tool) and the exact fixed-scale amounts that costs are summed in.
 *
 * <p>Pure Java: no I/O, no clock, no framework.
 */
package dev.burnrate.cost;
