/**
 * Data contracts ({@code data-contracts/*.yaml}): the columns a dataset must have, their types and
 * checks, drift limits and anomaly rules, read with file:line:col errors before any data is touched.
 * The steps module runs them; this package only knows what they declare.
 */
package io.pitstop.engine.contract;
