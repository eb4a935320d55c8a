package io.pitstop.engine.step;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A key a step's parameters no longer take because it is declared elsewhere now. Put on the params
 * record; {@code check} then refuses the old key by saying where it went, instead of calling it unknown.
 *
 * <pre>
 * &#64;MovedParameter(key = "threshold", to = DecisionThreshold.DECLARED_AT)
 * public record Params(String input, ...) { }
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(MovedParameter.All.class)
public @interface MovedParameter {

    /** The key as written in {@code with:}, e.g. {@code threshold}. */
    String key();

    /** Where it is declared now, as a reader would write it. */
    String to();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface All {
        MovedParameter[] value();
    }
}
