package io.pitstop.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The one configured Jackson mapper for every JSON file, column and output Pitstop reads or writes,
 * so that they all follow the same conventions:
 * <ul>
 *   <li>record components are {@code snake_case} ({@code formatVersion} is {@code format_version});</li>
 *   <li>a record's properties come in the order it declares them ({@code format_version} first), map keys
 *       sorted, so equal values give equal text (diffs, hashes; {@link JsonText#sorted} sorts a whole tree);</li>
 *   <li>instants are ISO-8601 strings ({@code 2026-12-07T06:00:00Z}), never epoch numbers;</li>
 *   <li>a NaN or infinite double is written as {@code null}: JSON has no such number;</li>
 *   <li>unknown properties are refused on reading; a format that must accept newer writers says so on its
 *       type with {@code @JsonIgnoreProperties(ignoreUnknown = true)}.</li>
 * </ul>
 * {@link #MAPPER} writes compactly (cache keys and database columns hash its text); files meant for
 * people go through {@link #PRETTY}. Configure nothing on {@link #MAPPER}: an ObjectMapper is shared
 * and thread-safe only while nobody changes it. Derive a reader or writer ({@code MAPPER.readerFor(...)
 * .without(...)}) for a local variation. User-written YAML is bound by the spec package's strict binder,
 * which starts from this configuration.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("undefined-numbers-as-null")
                    .addSerializer(Double.class, new UndefinedAsNull())
                    .addSerializer(double.class, new UndefinedAsNull()))
            .build();

    /** {@link #MAPPER}'s writer with two-space indentation, for files and output that people read. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    /**
     * {@link #MAPPER} for reading back a report Pitstop wrote (metrics, gate report), possibly a newer Pitstop:
     * properties it does not know are skipped, and a null number reads back as NaN (the reverse of writing
     * NaN as null), never as 0.
     */
    public static final JsonMapper READ_BACK = MAPPER.rebuild()
            .addModule(new SimpleModule("null-as-nan")
                    .addDeserializer(Double.class, new NullAsNan())
                    .addDeserializer(double.class, new NullAsNan()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    private static final class NullAsNan extends StdScalarDeserializer<Double> {
        NullAsNan() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }

    private static final class UndefinedAsNull extends StdSerializer<Double> {
        UndefinedAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || value.isNaN() || value.isInfinite()) gen.writeNull();
            else gen.writeNumber(value);
        }
    }
}
