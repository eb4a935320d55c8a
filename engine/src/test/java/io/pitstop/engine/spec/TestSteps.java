package io.pitstop.engine.spec;

import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small step kinds with the shapes real ones have: nested records, lists, maps, enums, defaults. */
public final class TestSteps {

    private TestSteps() {
    }

    public static StepCatalog catalog() {
        return StepCatalog.of(new Source(), new Train(), new Evaluate(), new Package());
    }

    /** {@code data.source}: produces {@code data}; its own check wants a .csv path. */
    public record SourceParams(String path) {
        public SourceParams {
            if (path == null) throw new IllegalArgumentException("'path' is required");
        }
    }

    public static final class Source extends Base<SourceParams> {
        Source() {
            super("data.source", SourceParams.class);
        }

        public Set<String> produces(SourceParams p) {
            return Set.of("data");
        }

        public List<Problem> validate(SourceParams p, ValidationContext ctx) {
            return p.path().endsWith(".csv") ? List.of()
                    : List.of(ctx.problemAt("/path", "'path' must name a .csv file, found '" + p.path() + "'"));
        }
    }

    public enum Activation { RELU, TANH, SIGMOID }

    public record Network(List<Integer> hidden, int epochs, Double learningRate, Activation activation) {
        public Network {
            hidden = hidden == null ? List.of(8) : List.copyOf(hidden);
            if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive, found " + epochs);
            learningRate = learningRate == null ? 0.01 : learningRate;
            activation = activation == null ? Activation.RELU : activation;
        }
    }

    /** {@code train.network}: reads {@code data}, produces {@code model}. */
    public record TrainParams(String label, List<String> features, Network network, Map<String, Double> weights,
                              Boolean balance, String task) {
        public TrainParams {
            features = features == null ? List.of() : List.copyOf(features);
            weights = weights == null ? Map.of() : Map.copyOf(weights);
            balance = balance != null && balance;
        }
    }

    public static final class Train extends Base<TrainParams> {
        Train() {
            super("train.network", TrainParams.class);
        }

        public Set<String> consumes(TrainParams p) {
            return Set.of("data");
        }

        public Set<String> produces(TrainParams p) {
            return Set.of("model");
        }

        /** The task it trains for, binary unless {@code task:} says otherwise, as the real one declares it. */
        public io.pitstop.engine.step.StepDeclaration declares(TrainParams p, ValidationContext ctx) {
            return io.pitstop.engine.step.StepDeclaration.ofTask(p.task() == null ? "binary" : p.task());
        }
    }

    /** {@code evaluate.classifier}: every parameter has a default, so {@code with:} may be left out. */
    @io.pitstop.engine.step.MovedParameter(key = "threshold", to = io.pitstop.engine.step.DecisionThreshold.DECLARED_AT)
    public record EvaluateParams(List<String> slices) {
        public EvaluateParams {
            slices = slices == null ? List.of() : List.copyOf(slices);
        }
    }

    public static final class Evaluate extends Base<EvaluateParams> {
        Evaluate() {
            super("evaluate.classifier", EvaluateParams.class);
        }

        public Set<String> consumes(EvaluateParams p) {
            return Set.of("model");
        }

        public Set<String> produces(EvaluateParams p) {
            return Set.of("metrics");
        }
    }

    /** {@code release.package}: takes no parameters at all. */
    public record PackageParams() {
    }

    public static final class Package extends Base<PackageParams> {
        Package() {
            super("release.package", PackageParams.class);
        }

        public Set<String> consumes(PackageParams p) {
            return Set.of("model", "metrics");
        }

        public Set<String> produces(PackageParams p) {
            return Set.of("package");
        }
    }

    abstract static class Base<P extends Record> implements Step<P> {
        private final String kind;
        private final Class<P> type;

        Base(String kind, Class<P> type) {
            this.kind = kind;
            this.type = type;
        }

        public String kind() {
            return kind;
        }

        public String description() {
            return "test step " + kind;
        }

        public Class<P> paramsType() {
            return type;
        }

        public StepResult run(P params, StepContext ctx) {
            return StepResult.succeeded().build();
        }
    }
}
