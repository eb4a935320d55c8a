package io.pitstop.engine.yaml;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * The one YAML configuration, for every YAML file Pitstop reads or writes: YAML 1.2 scalars
 * ({@code yes}, {@code no}, {@code on}, {@code off} stay strings; only {@code true} and {@code false}
 * are booleans, so {@code positive: Yes} is the string "Yes"), and written without a {@code ---}
 * marker and with quotes only where a value needs them, as a person would write the file.
 * {@link YamlReader} parses with {@link #FACTORY} to keep every node's line and column; {@link #MAPPER}
 * is for files whose locations nobody reports (a {@code .dvc} file, a generated pipeline).
 */
public final class Yaml {

    public static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    /** Configure nothing on it: it is shared. */
    public static final YAMLMapper MAPPER = new YAMLMapper(FACTORY);

    private Yaml() {
    }
}
