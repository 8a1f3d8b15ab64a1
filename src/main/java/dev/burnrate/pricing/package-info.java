/**
 * The model price catalog: turns a model name and token counts into exact USD.
 *
 * <p>{@link dev.burnrate.pricing.PriceCatalog} is the entry type. Prices come from a catalog
 * bundled as a resource (generated from LiteLLM's public price map by {@code
 * scripts/build_price_catalog.py}) with operator overrides laid over it. Pure domain: no I/O beyond
 * reading the bundled resource, no clock, only {@code java.*}.
 */
package dev.burnrate.pricing;
