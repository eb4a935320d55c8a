package io.pitstop.engine.conf;

import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.NodeDescription;
import io.pitstop.engine.yaml.YamlDocument;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The MLflow tracking server runs and releases are mirrored to, from the profile's {@code mlflow:}
 * section (docs/mlflow.md). Without the section nothing is mirrored. Pitstop's registry stays the
 * authority; the server only shows it.
 *
 * <pre>
 * mlflow:
 *   tracking_uri: http://127.0.0.1:5000   # an MLflow tracking server, started with --serve-artifacts
 *   experiment: churn                     # default: the pipeline's name
 * </pre>
 *
 * @param trackingUri the server's base URL
 * @param experiment  the experiment runs go to; null: the pipeline's name
 */
public record MlflowSettings(URI trackingUri, String experiment) {

    static final String SECTION = "mlflow";
    /** The keys the section may have; {@link ProfileLoader} refuses others. */
    static final Set<String> KEYS = Set.of("tracking_uri", "experiment");

    public MlflowSettings {
        Objects.requireNonNull(trackingUri, "trackingUri");
    }

    /** The experiment a run of {@code pipeline} goes to. */
    public String experimentFor(String pipeline) {
        return experiment != null ? experiment : pipeline;
    }

    /** The profile's section; empty when there is none. */
    public static Optional<MlflowSettings> of(Profile profile) {
        Map<String, String> section = profile.under(SECTION);
        if (section.isEmpty()) return Optional.empty();
        List<String> problems = new ArrayList<>();
        MlflowSettings settings = parse(section, (key, message) -> problems.add(message));
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return Optional.of(settings);
    }

    /** Adds a located problem for each thing wrong with the section of a profile being loaded. */
    static void check(YamlDocument doc, Map<String, String> flat, List<Problem> problems) {
        var node = doc.at("/" + SECTION);
        if (node.isMissingNode() || node.isNull()) return;
        if (!node.isObject()) {
            problems.add(Problem.at(doc.locate("/" + SECTION), "mlflow: a mapping with tracking_uri: (and experiment:),"
                    + " found " + NodeDescription.of(node)));
            return;
        }
        var section = new TreeMap<String, String>();
        String prefix = SECTION + ".";
        flat.forEach((k, v) -> {
            if (k.startsWith(prefix)) section.put(k.substring(prefix.length()), v);
        });
        parse(section, (key, message) -> problems.add(Problem.at(
                key == null ? doc.locateKey("/" + SECTION) : doc.locate("/" + SECTION + "/" + key), message)));
    }

    @FunctionalInterface
    private interface Problems {
        void add(String key, String message);
    }

    private static MlflowSettings parse(Map<String, String> section, Problems problems) {
        String uriText = section.get("tracking_uri");
        URI uri = null;
        if (uriText == null) {
            problems.add(null, "mlflow.tracking_uri is missing: the MLflow tracking server's URL, e.g."
                    + " tracking_uri: http://127.0.0.1:5000");
        } else {
            uri = httpUrl(uriText);
            if (uri == null) {
                problems.add("tracking_uri", "mlflow.tracking_uri: '" + uriText + "' is not an http(s) URL with a host,"
                        + " e.g. http://127.0.0.1:5000 (Pitstop speaks MLflow's REST API; a file store or databricks"
                        + " URI is no server)");
            }
        }
        String experiment = section.get("experiment");
        if (experiment != null && experiment.isBlank()) {
            problems.add("experiment", "mlflow.experiment is blank: name the experiment, or leave the key out to use"
                    + " the pipeline's name");
            experiment = null;
        }
        return uri == null ? null : new MlflowSettings(uri, experiment);
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null) return null;
            String s = uri.toString();
            return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
