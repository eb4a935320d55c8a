package io.pitstop.engine.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of MLflow's REST API (2.0, as served by MLflow 3) that the mirror uses, over
 * {@code java.net.http}: no Python and no MLflow jar on the class path. Artifacts go through the
 * server's artifact proxy ({@code mlflow server --serve-artifacts}), so the client needs no access
 * to the artifact store behind it.
 */
public final class MlflowClient {

    /** A run as the mirror needs it: its id and where its artifacts go. */
    public record RunInfo(String runId, String experimentId, String artifactUri, String status) {
    }

    /** A registered model version: MLflow's number, its run and its tags. */
    public record ModelVersionInfo(String version, String runId, Map<String, String> tags, List<String> aliases) {
        public ModelVersionInfo {
            tags = Map.copyOf(tags);
            aliases = List.copyOf(aliases);
        }
    }

    /** One metric point. */
    public record Metric(String key, double value, long timestamp, long step) {
    }

    // MLflow's log-batch limits: at most 1000 metrics, 100 params and 100 tags per request.
    private static final int MAX_METRICS = 1000;
    private static final int MAX_PARAMS = 100;

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public MlflowClient(URI trackingUri, Duration timeout) {
        String s = trackingUri.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    public URI trackingUri() {
        return base;
    }

    /** The experiment's id, made when it does not exist yet. */
    public String experimentId(String name) throws IOException {
        JsonNode found = get("api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name), true);
        if (found != null) return found.path("experiment").path("experiment_id").asText();
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
        JsonNode made = post("api/2.0/mlflow/experiments/create", body, true);
        if (made != null) return made.path("experiment_id").asText();
        // Made by another process meanwhile.
        return get("api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name), false)
                .path("experiment").path("experiment_id").asText();
    }

    /** The active run of the experiment tagged {@code key = value}, if any. */
    public Optional<RunInfo> findRun(String experimentId, String key, String value) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("experiment_ids").add(experimentId);
        body.put("filter", "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'");
        body.put("max_results", 1);
        JsonNode runs = post("api/2.0/mlflow/runs/search", body, false).path("runs");
        return runs.isEmpty() ? Optional.empty() : Optional.of(info(runs.get(0)));
    }

    /** An active run a search found, with what orders it: its start time and its tags. */
    public record FoundRun(RunInfo info, long startMillis, Map<String, String> tags) {
    }

    /** Every active run of the experiment with that tag value (up to 1,000), as the server lists them. */
    public List<FoundRun> findRuns(String experimentId, String key, String value) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("experiment_ids").add(experimentId);
        body.put("filter", "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'");
        body.put("max_results", 1000);
        List<FoundRun> out = new ArrayList<>();
        for (JsonNode run : post("api/2.0/mlflow/runs/search", body, false).path("runs")) {
            var tags = new java.util.TreeMap<String, String>();
            run.path("data").path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
            out.add(new FoundRun(info(run), run.path("info").path("start_time").asLong(), tags));
        }
        return out;
    }

    public RunInfo createRun(String experimentId, String name, long startMillis, Map<String, String> tags)
            throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("experiment_id", experimentId).put("run_name", name)
                .put("start_time", startMillis);
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        return info(post("api/2.0/mlflow/runs/create", body, false).path("run"));
    }

    public RunInfo getRun(String runId) throws IOException {
        return info(get("api/2.0/mlflow/runs/get", Map.of("run_id", runId), false).path("run"));
    }

    /** Params, metrics and tags, split into as many requests as MLflow's limits need. */
    public void logBatch(String runId, Map<String, String> params, List<Metric> metrics, Map<String, String> tags)
            throws IOException {
        var paramList = new ArrayList<>(params.entrySet());
        var tagList = new ArrayList<>(tags.entrySet());
        int rounds = Math.max(1, Math.max(ceil(metrics.size(), MAX_METRICS),
                Math.max(ceil(paramList.size(), MAX_PARAMS), ceil(tagList.size(), MAX_PARAMS))));
        for (int i = 0; i < rounds; i++) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("run_id", runId);
            ArrayNode p = body.putArray("params");
            paramList.stream().skip((long) i * MAX_PARAMS).limit(MAX_PARAMS)
                    .forEach(e -> p.addObject().put("key", e.getKey()).put("value", e.getValue()));
            ArrayNode t = body.putArray("tags");
            tagList.stream().skip((long) i * MAX_PARAMS).limit(MAX_PARAMS)
                    .forEach(e -> t.addObject().put("key", e.getKey()).put("value", e.getValue()));
            ArrayNode m = body.putArray("metrics");
            metrics.stream().skip((long) i * MAX_METRICS).limit(MAX_METRICS).forEach(x -> m.addObject()
                    .put("key", x.key()).put("value", x.value()).put("timestamp", x.timestamp()).put("step", x.step()));
            post("api/2.0/mlflow/runs/log-batch", body, false);
        }
    }

    /** Ends (or re-opens) a run: RUNNING, FINISHED, FAILED or KILLED. */
    public void updateRun(String runId, String status, Long endMillis) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("run_id", runId).put("status", status);
        if (endMillis != null) body.put("end_time", endMillis);
        post("api/2.0/mlflow/runs/update", body, false);
    }

    public void deleteRun(String runId) throws IOException {
        post("api/2.0/mlflow/runs/delete", Json.MAPPER.createObjectNode().put("run_id", runId), false);
    }

    /**
     * Uploads a file to {@code path} under the run's artifacts, through the server's artifact proxy.
     *
     * @throws IOException also when the run's artifacts are not served by the server (a server started
     *                     without {@code --serve-artifacts})
     */
    public void uploadArtifact(RunInfo run, String path, Path file) throws IOException {
        String uri = run.artifactUri();
        if (!uri.startsWith("mlflow-artifacts:")) {
            throw new IOException("the run's artifacts live at " + uri + ", which the server does not proxy; start the"
                    + " MLflow server with --serve-artifacts (and a fresh experiment) so Pitstop can upload them");
        }
        // mlflow-artifacts:/1/<run>/artifacts or mlflow-artifacts://host:port/1/<run>/artifacts
        String rest = uri.substring("mlflow-artifacts:".length());
        if (rest.startsWith("//")) rest = rest.substring(rest.indexOf('/', 2));
        while (rest.startsWith("/")) rest = rest.substring(1);
        String target = "api/2.0/mlflow-artifacts/artifacts/" + encodePath(rest) + "/" + encodePath(path);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(target)).timeout(timeout.multipliedBy(4))
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        send(request, "PUT " + target, false);
    }

    /** The files under {@code path} of a run's artifacts (not recursive). */
    public List<String> listArtifacts(String runId, String path) throws IOException {
        var query = new LinkedHashMap<String, String>();
        query.put("run_id", runId);
        if (path != null) query.put("path", path);
        List<String> out = new ArrayList<>();
        get("api/2.0/mlflow/artifacts/list", query, false).path("files").forEach(f -> out.add(f.path("path").asText()));
        return out;
    }

    /** Makes the registered model unless it exists. */
    public void ensureRegisteredModel(String name, String description) throws IOException {
        post("api/2.0/mlflow/registered-models/create", Json.MAPPER.createObjectNode().put("name", name)
                .put("description", description), true);
    }

    /** Every version of a registered model (none when the model does not exist). */
    public List<ModelVersionInfo> modelVersions(String name) throws IOException {
        List<ModelVersionInfo> out = new ArrayList<>();
        String token = null;
        do {
            var query = new LinkedHashMap<String, String>();
            query.put("filter", "name='" + name.replace("'", "\\'") + "'");
            query.put("max_results", "1000");
            if (token != null) query.put("page_token", token);
            JsonNode page = get("api/2.0/mlflow/model-versions/search", query, false);
            for (JsonNode v : page.path("model_versions")) {
                // The search leaves out tags set after creation and aliases: read each version whole.
                JsonNode full = get("api/2.0/mlflow/model-versions/get",
                        Map.of("name", name, "version", v.path("version").asText()), false).path("model_version");
                var tags = new LinkedHashMap<String, String>();
                full.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
                List<String> aliases = new ArrayList<>();
                full.path("aliases").forEach(a -> aliases.add(a.asText()));
                out.add(new ModelVersionInfo(full.path("version").asText(), full.path("run_id").asText(null), tags, aliases));
            }
            token = page.path("next_page_token").asText(null);
            if (token != null && token.isEmpty()) token = null;
        } while (token != null);
        return out;
    }

    /** Registers a version; returns MLflow's version number. */
    public String createModelVersion(String name, String source, String runId, Map<String, String> tags,
                                     String description) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("source", source)
                .put("description", description);
        if (runId != null) body.put("run_id", runId);
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        return post("api/2.0/mlflow/model-versions/create", body, false).path("model_version").path("version").asText();
    }

    public void setModelVersionTag(String name, String version, String key, String value) throws IOException {
        post("api/2.0/mlflow/model-versions/set-tag", Json.MAPPER.createObjectNode().put("name", name)
                .put("version", version).put("key", key).put("value", value), false);
    }

    public void setAlias(String name, String alias, String version) throws IOException {
        post("api/2.0/mlflow/registered-models/alias", Json.MAPPER.createObjectNode().put("name", name)
                .put("alias", alias).put("version", version), false);
    }

    public void deleteAlias(String name, String alias) throws IOException {
        String target = "api/2.0/mlflow/registered-models/alias?" + query(Map.of("name", name, "alias", alias));
        send(HttpRequest.newBuilder(base.resolve(target)).timeout(timeout).DELETE().build(), "DELETE " + target, true);
    }

    /** The version an alias points at, if it is set (read from the model: a missing alias is no error then). */
    public Optional<String> alias(String name, String alias) throws IOException {
        JsonNode model = get("api/2.0/mlflow/registered-models/get", Map.of("name", name), true);
        if (model == null) return Optional.empty();
        for (JsonNode a : model.path("registered_model").path("aliases")) {
            if (alias.equals(a.path("alias").asText())) return Optional.of(a.path("version").asText());
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------

    private JsonNode get(String path, Map<String, String> query, boolean missingIsNull) throws IOException {
        String target = path + "?" + query(query);
        return send(HttpRequest.newBuilder(base.resolve(target)).timeout(timeout).GET().build(), "GET " + path,
                missingIsNull);
    }

    private JsonNode post(String path, JsonNode body, boolean conflictIsNull) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
        return send(request, "POST " + path, conflictIsNull);
    }

    /**
     * Sends a request; with {@code tolerated}, a "does not exist" or "already exists" answer is null
     * rather than an error (the caller asked whether, or made something that may be there).
     */
    private JsonNode send(HttpRequest request, String what, boolean tolerated) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what, e);
        } catch (IOException e) {
            throw new IOException("MLflow at " + base + " did not answer " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        String text = response.body();
        if (response.statusCode() / 100 == 2) {
            return text == null || text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
        }
        String code = "";
        String message = text;
        try {
            JsonNode error = Json.MAPPER.readTree(text);
            code = error.path("error_code").asText("");
            message = error.path("message").asText(text);
        } catch (IOException notJson) {
            // an HTML error page: keep the text
        }
        if (tolerated && (code.equals("RESOURCE_DOES_NOT_EXIST") || code.equals("RESOURCE_ALREADY_EXISTS")
                || response.statusCode() == 404)) {
            return null;
        }
        throw new IOException("MLflow at " + base + " refused " + what + " (HTTP " + response.statusCode()
                + (code.isEmpty() ? "" : ", " + code) + "): " + abbreviate(message));
    }

    private static RunInfo info(JsonNode run) {
        JsonNode info = run.path("info");
        return new RunInfo(info.path("run_id").asText(), info.path("experiment_id").asText(),
                info.path("artifact_uri").asText(), info.path("status").asText());
    }

    private static String query(Map<String, String> query) {
        var out = new StringBuilder();
        query.forEach((k, v) -> {
            if (!out.isEmpty()) out.append('&');
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    private static String encodePath(String path) {
        var out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            if (!out.isEmpty()) out.append('/');
            out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    private static int ceil(int n, int per) {
        return (n + per - 1) / per;
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        s = s.strip();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
