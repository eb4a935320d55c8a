/**
 * YAML read with positions: {@link io.pitstop.engine.yaml.YamlReader} parses a file into a Jackson
 * tree plus the line and column of every node (by JSON pointer), so that pipeline and contract
 * problems found at any layer are reported as {@code file:line:column: message}.
 * {@link io.pitstop.engine.yaml.MappingReader} reads typed members strictly and collects problems.
 *
 * <pre>
 * YamlDocument doc = YamlReader.read(Path.of("pipelines/telco-churn.yaml"));
 * doc.locate("/steps/2/with/network/epochs");   // pipelines/telco-churn.yaml:41:17
 * </pre>
 */
package io.pitstop.engine.yaml;
