package io.pitstop.engine.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code init}'s files go in a project, laid out like the demo's: the data file lands in
 * {@code data/landing/} (copied there when it lives outside the project), {@code data.version} copies
 * it to the DVC-tracked {@code data/<name>.csv}, and the contract and pipeline are
 * {@code data-contracts/<name>.yaml} and {@code pipelines/<name>.yaml}. Paths in the written files
 * are relative to the project, so the project can move.
 *
 * @param landing the data file inside the project ({@code source:} of data.version)
 * @param copyFrom the file to copy to {@code landing}, or null when the data already lives there
 */
public record InitLayout(Path project, String name, Path landing, Path copyFrom, Path tracked, Path contract,
                         Path pipeline) {

    public static InitLayout of(Path project, Path dataFile, String name) {
        Path root = project.toAbsolutePath().normalize();
        Path data = dataFile.toAbsolutePath().normalize();
        boolean inside = data.startsWith(root);
        Path landing = inside ? data : root.resolve("data/landing").resolve(data.getFileName());
        return new InitLayout(root, name, landing, inside ? null : data, root.resolve("data/" + name + ".csv"),
                root.resolve("data-contracts/" + name + ".yaml"), root.resolve("pipelines/" + name + ".yaml"));
    }

    /** The name init uses when --name is not given: the data file's, in lower case, dashes for the rest. */
    public static String defaultName(Path dataFile) {
        return DatasetDesign.nameOf(dataFile);
    }

    /**
     * Files init would overwrite: the contract, the pipeline, and a different file already at the
     * landing path. Empty when it may write.
     */
    public List<Path> wouldOverwrite() throws IOException {
        var clash = new ArrayList<Path>();
        if (Files.exists(contract)) clash.add(contract);
        if (Files.exists(pipeline)) clash.add(pipeline);
        if (copyFrom != null && Files.exists(landing) && Files.mismatch(landing, copyFrom) != -1) clash.add(landing);
        return clash;
    }

    /** Copies the data into the project (if needed) and writes the contract and the pipeline. */
    public List<Path> write(DatasetDesign design) throws IOException {
        var written = new ArrayList<Path>();
        if (copyFrom != null) {
            Files.createDirectories(landing.getParent());
            Files.copy(copyFrom, landing, StandardCopyOption.REPLACE_EXISTING);
            written.add(landing);
        }
        String source = relative(landing);
        String tracked = relative(this.tracked);
        String contractText = ContractDraft.write(design, source);
        String pipelineText = PipelineDraft.write(design, source.equals(tracked) ? null : source, tracked,
                relative(contract));
        Files.createDirectories(contract.getParent());
        Files.writeString(contract, contractText);
        written.add(contract);
        Files.createDirectories(pipeline.getParent());
        Files.writeString(pipeline, pipelineText);
        written.add(pipeline);
        return written;
    }

    public String relative(Path p) {
        return project.relativize(p).toString().replace('\\', '/');
    }
}
