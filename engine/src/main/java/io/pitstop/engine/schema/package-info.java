/**
 * JSON Schemas for editors, generated from the code: the pipeline schema from the registered step
 * kinds and their params records, the contract schema from the contract format.
 *
 * <pre>
 * # yaml-language-server: $schema=pipeline.schema.json
 * pipeline: telco-churn
 * </pre>
 */
package io.pitstop.engine.schema;
