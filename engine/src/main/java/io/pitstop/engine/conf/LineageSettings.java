package io.pitstop.engine.conf;

import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.YamlDocument;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where OpenLineage events of each step go, from the profile's {@code lineage:} section. Without the
 * section no event is made.
 *
 * <pre>
 * lineage:
 *   transport: file                  # one JSON event a line, appended
 *   path: .pitstop/lineage.jsonl     # in the project, or under paths.allowed_roots
 *   namespace: pitstop               # the jobs' namespace; the default
 *
 * lineage:
 *   transport: http                  # POSTed to an OpenLineage backend
 *   url: http://127.0.0.1:5000
 *   endpoint: api/v1/lineage         # the default
 * </pre>
 *
 * @param transport how events leave
 * @param path      the file, resolved in the project (file transport only)
 * @param url       the backend's base URL (http transport only)
 * @param endpoint  the path under {@code url} events are POSTed to (http transport only)
 * @param namespace the OpenLineage namespace of the jobs (pipelines and steps)
 */
public record LineageSettings(Transport transport, String path, URI url, String endpoint, String namespace) {

    public enum Transport { FILE, HTTP }

    static final String SECTION = "lineage";
    /** The keys the section may have; {@link ProfileLoader} refuses others. */
    static final Set<String> KEYS = Set.of("transport", "path", "url", "endpoint", "namespace");
    static final String DEFAULT_NAMESPACE = "pitstop";
    static final String DEFAULT_ENDPOINT = "api/v1/lineage";

    public LineageSettings {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(namespace, "namespace");
        if (transport == Transport.FILE) Objects.requireNonNull(path, "path");
        if (transport == Transport.HTTP) Objects.requireNonNull(url, "url");
    }

    /** The profile's section, its path resolved in the profile's project; empty when there is none. */
    public static Optional<LineageSettings> of(Profile profile) {
        Map<String, String> section = profile.under(SECTION);
        if (section.isEmpty()) return Optional.empty();
        List<String> problems = new ArrayList<>();
        LineageSettings settings = parse(section, (key, message) -> problems.add(message));
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        String path = settings.path() == null ? null : profile.locate(settings.path());
        if (path != null && path.startsWith("file:")) path = URI.create(path).getPath();
        return Optional.of(new LineageSettings(settings.transport(), path, settings.url(), settings.endpoint(),
                settings.namespace()));
    }

    /** Adds a located problem for each thing wrong with the section of a profile being loaded. */
    static void check(YamlDocument doc, Map<String, String> flat, List<Problem> problems) {
        var section = new java.util.TreeMap<String, String>();
        String prefix = SECTION + ".";
        flat.forEach((k, v) -> {
            if (k.startsWith(prefix)) section.put(k.substring(prefix.length()), v);
        });
        boolean declared = !doc.at("/" + SECTION).isMissingNode() && !doc.at("/" + SECTION).isNull();
        if (!declared) return;
        if (!doc.at("/" + SECTION).isObject()) {
            problems.add(Problem.at(doc.locate("/" + SECTION), "lineage: a mapping with transport: file or http"
                    + " (and path: or url:), found " + io.pitstop.engine.yaml.NodeDescription.of(doc.at("/" + SECTION))));
            return;
        }
        parse(section, (key, message) -> problems.add(Problem.at(
                key == null ? doc.locateKey("/" + SECTION) : doc.locate("/" + SECTION + "/" + key), message)));
    }

    /** Where a problem is (a key of the section, or null for the section) and what it is. */
    @FunctionalInterface
    private interface Problems {
        void add(String key, String message);
    }

    /** The settings; with problems reported, whatever could be read (or a placeholder). */
    private static LineageSettings parse(Map<String, String> section, Problems problems) {
        String transportText = section.get("transport");
        Transport transport = null;
        if (transportText == null) {
            problems.add(null, "lineage.transport is missing: write transport: file (with path:) or transport: http"
                    + " (with url:)");
        } else {
            try {
                transport = Transport.valueOf(transportText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("transport", "lineage.transport: '" + transportText + "' is not a transport; write file"
                        + " or http");
            }
        }
        String path = section.get("path");
        String urlText = section.get("url");
        URI url = null;
        if (transport == Transport.FILE) {
            if (path == null || path.isBlank()) {
                problems.add(path == null ? null : "path", "lineage.path is missing: the file transport appends events"
                        + " to a file, e.g. path: .pitstop/lineage.jsonl");
            }
            if (path != null && StoragePath.isUri(path) && !path.startsWith("file:")) {
                problems.add("path", "lineage.path: the file transport writes a local file, not '" + path
                        + "'; give a path, or send events to a backend with transport: http");
            }
            if (urlText != null) problems.add("url", "lineage.url is for transport: http; the file transport writes to path:");
            if (section.containsKey("endpoint")) {
                problems.add("endpoint", "lineage.endpoint is for transport: http; the file transport writes to path:");
            }
        }
        if (transport == Transport.HTTP) {
            if (urlText == null) {
                problems.add(null, "lineage.url is missing: the http transport POSTs events to a lineage backend,"
                        + " e.g. url: http://127.0.0.1:5000");
            } else {
                url = httpUrl(urlText);
                if (url == null) {
                    problems.add("url", "lineage.url: '" + urlText + "' is not an http(s) URL with a host,"
                            + " e.g. http://127.0.0.1:5000");
                }
            }
            if (path != null) problems.add("path", "lineage.path is for transport: file; the http transport POSTs to url:");
        }
        String namespace = section.getOrDefault("namespace", DEFAULT_NAMESPACE);
        if (namespace.isBlank()) problems.add("namespace", "lineage.namespace is blank: name the jobs' namespace, e.g. pitstop");
        String endpoint = section.getOrDefault("endpoint", DEFAULT_ENDPOINT);
        if (transport == null) return null;
        if (transport == Transport.FILE && (path == null || path.isBlank())) return null;
        if (transport == Transport.HTTP && url == null) return null;
        return new LineageSettings(transport, transport == Transport.FILE ? path : null, url,
                transport == Transport.HTTP ? endpoint : null, namespace);
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
