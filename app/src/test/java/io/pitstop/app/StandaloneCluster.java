package io.pitstop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pitstop.engine.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Spark standalone cluster for tests: one master and some workers, each its own JVM from the
 * Spark distribution bin/setup-spark installs (the same Spark version as the build), all bound to
 * 127.0.0.1 on free ports. {@link #close()} stops every process it started.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final Path sparkHome;
    private final Path dir;
    private final int masterPort;
    private final int webUiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(Path sparkHome, Path dir, int masterPort, int webUiPort, Process master) {
        this.sparkHome = sparkHome;
        this.dir = dir;
        this.masterPort = masterPort;
        this.webUiPort = webUiPort;
        this.master = master;
    }

    /** Starts a master and {@code workers} workers of {@code cores} cores each, and waits until all are alive. */
    static StandaloneCluster start(Path dir, int workers, int cores, String memory) throws Exception {
        Path sparkHome = Path.of(sparkHome());
        Files.createDirectories(dir);
        int port = freePort();
        int ui = freePort();
        Process master = launch(sparkHome, dir, "master", List.of("org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(ui)));
        var cluster = new StandaloneCluster(sparkHome, dir, port, ui, master);
        try {
            cluster.awaitMaster();
            for (int i = 0; i < workers; i++) cluster.addWorker(cores, memory);
            cluster.awaitWorkers(workers);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** The Spark distribution the cluster runs (its bin/spark-submit submits to it). */
    Path home() {
        return sparkHome;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The master's view: workers, active and completed applications ({@code /json/}). */
    JsonNode state() throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Kills a worker JVM with SIGKILL, as a lost machine would go. */
    void killWorker(int index) throws InterruptedException {
        Process worker = workers.get(index);
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly().waitFor();
    }

    /** Kills, with SIGKILL, the worker whose executor is process {@code pid}, and that executor; returns the worker's index. */
    int killWorkerRunning(long pid) throws InterruptedException {
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).descendants().anyMatch(h -> h.pid() == pid)) {
                killWorker(i);
                return i;
            }
        }
        throw new IllegalStateException("no worker of this cluster runs process " + pid);
    }

    private void addWorker(int cores, String memory) throws IOException {
        int n = workers.size() + 1;
        workers.add(launch(sparkHome, dir, "worker" + n, List.of("org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory,
                "--webui-port", Integer.toString(freePort()), "--work-dir", dir.resolve("work" + n).toString(),
                masterUrl())));
    }

    private void awaitMaster() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                state();
                return;
            } catch (IOException e) {
                if (!master.isAlive()) throw new IllegalStateException("the Spark master exited: " + log("master"));
                if (System.nanoTime() > deadline) throw new IllegalStateException("no Spark master after 90 s: " + log("master"));
                Thread.sleep(500);
            }
        }
    }

    private void awaitWorkers(int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            int alive = 0;
            for (JsonNode w : state().path("workers")) if ("ALIVE".equals(w.path("state").asText())) alive++;
            if (alive >= expected) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(alive + " of " + expected + " workers registered after 90 s: " + log("worker1"));
            }
            Thread.sleep(500);
        }
    }

    private static Process launch(Path sparkHome, Path dir, String name, List<String> args) throws IOException {
        var command = new ArrayList<String>();
        command.add(sparkHome.resolve("bin/spark-class").toString());
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_LOG_DIR", dir.toString());
        builder.environment().put("SPARK_WORKER_DIR", dir.resolve(name + "-work").toString());
        return builder.start();
    }

    private String log(String name) {
        try {
            String text = Files.readString(dir.resolve(name + ".log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SPARK_HOME of the distribution bin/setup-spark installed (it installs it on first use). */
    private static String sparkHome() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(DemoProject.REPO.resolve("bin/setup-spark").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) throw new IllegalStateException("bin/setup-spark failed: " + out);
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process worker : workers) stop(worker);
        stop(master);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
