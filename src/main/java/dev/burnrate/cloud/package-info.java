/**
 * The AWS bill and AWS list prices: Cost Explorer sync into the store's cloud-cost cache, Bedrock
 * price-list parsing into a dated price overlay, and {@link dev.burnrate.cloud.CloudCosts}, the
 * read side budgets will add to usage spend. AWS SDK classes are loaded only by the commands that
 * call AWS ({@code sync-costs}, {@code refresh-prices --aws}); settings and the read side are plain
 * Java, so {@code serve} never loads them. Entry type: {@link dev.burnrate.cloud.CloudCosts}.
 */
package dev.burnrate.cloud;
