package io.pitstop.engine.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.spec.ParamShape;

import java.util.Locale;

/** The JSON Schema of one parameter shape: what {@link io.pitstop.engine.spec.PipelineLoader} binds, as a schema. */
final class ParamSchema {

    private ParamSchema() {
    }

    static ObjectNode of(ParamShape shape) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (shape instanceof ParamShape.Scalar s) {
            out.put("type", s.kind().name().toLowerCase(Locale.ROOT));
        } else if (shape instanceof ParamShape.OneOf e) {
            out.put("type", "string");
            var values = out.putArray("enum");
            e.values().forEach(values::add);
        } else if (shape instanceof ParamShape.ListOf l) {
            out.put("type", "array");
            out.set("items", of(l.item()));
        } else if (shape instanceof ParamShape.MapOf m) {
            out.put("type", "object");
            out.set("additionalProperties", of(m.value()));
        } else if (shape instanceof ParamShape.Fields f) {
            out.put("type", "object");
            out.put("additionalProperties", false);
            ObjectNode props = out.putObject("properties");
            var required = out.putArray("required");
            f.fields().forEach((name, field) -> {
                props.set(name, of(field.shape()));
                if (field.required()) required.add(name);
            });
            if (required.isEmpty()) out.remove("required");
        }
        // ParamShape.Anything: no constraint, the step reads the value as a free-form tree.
        return out;
    }
}
