package io.pitstop.engine.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML shape of a step's params record, read once by reflection: what the strict binder
 * accepts and what the JSON Schema describes, from the one declaration the step author writes.
 * Component {@code learningRate} is key {@code learning_rate}; a primitive component is required
 * (a missing value cannot become a default), a boxed one is optional.
 */
public sealed interface ParamShape {

    enum ScalarKind { STRING, INTEGER, NUMBER, BOOLEAN }

    record Scalar(ScalarKind kind) implements ParamShape {
    }

    /** Lower-case constant names, in declaration order. */
    record OneOf(List<String> values) implements ParamShape {
        public OneOf {
            values = List.copyOf(values);
        }
    }

    record ListOf(ParamShape item) implements ParamShape {
    }

    /** A mapping with free keys, e.g. {@code floors: { auc: 0.75 }}. */
    record MapOf(ParamShape value) implements ParamShape {
    }

    /** A mapping with fixed keys, from a record. */
    record Fields(Class<?> type, Map<String, Field> fields) implements ParamShape {
        public Fields {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    record Field(String javaName, ParamShape shape, boolean required) {
    }

    /** A type with no fixed YAML shape (e.g. a JsonNode parameter): anything goes. */
    record Anything() implements ParamShape {
    }

    static ParamShape of(Type type) {
        return of(type, 0);
    }

    private static ParamShape of(Type type, int depth) {
        if (depth > 16) return new Anything(); // a record that contains itself; never expected in params
        if (type instanceof WildcardType w) return of(w.getUpperBounds()[0], depth);
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) return new ListOf(of(args[0], depth + 1));
            if (Map.class.isAssignableFrom(raw)) return new MapOf(of(args[1], depth + 1));
            return of(raw, depth);
        }
        if (!(type instanceof Class<?> c)) return new Anything();
        if (c == String.class || c == java.nio.file.Path.class || c == char.class || c == Character.class) {
            return new Scalar(ScalarKind.STRING);
        }
        if (c == int.class || c == long.class || c == short.class || c == byte.class || c == Integer.class
                || c == Long.class || c == Short.class || c == Byte.class || c == BigInteger.class) {
            return new Scalar(ScalarKind.INTEGER);
        }
        if (c == double.class || c == float.class || c == Double.class || c == Float.class || c == BigDecimal.class) {
            return new Scalar(ScalarKind.NUMBER);
        }
        if (c == boolean.class || c == Boolean.class) return new Scalar(ScalarKind.BOOLEAN);
        if (c.isEnum()) return new OneOf(ParamsBinder.constants(c));
        if (c.isArray()) return new ListOf(of(c.getComponentType(), depth + 1));
        if (c.isRecord()) return fields(c, depth);
        return new Anything();
    }

    private static Fields fields(Class<?> record, int depth) {
        var naming = new PropertyNamingStrategies.SnakeCaseStrategy();
        Map<String, Field> out = new LinkedHashMap<>();
        for (RecordComponent rc : record.getRecordComponents()) {
            out.put(naming.translate(rc.getName()), new Field(rc.getName(), of(rc.getGenericType(), depth + 1),
                    rc.getType().isPrimitive()));
        }
        return new Fields(record, out);
    }
}
