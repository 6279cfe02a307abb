package dev.cfae.app.config;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import dev.cfae.app.run.RunDirectory;
import dev.cfae.io.CheckpointFile;

import java.util.Set;

/**
 * What a run writes, from the {@code cfae.output} block.
 *
 * @param dir            parent folder of run directories
 * @param model          write the model file
 * @param predictions    write predictions for the test pairs
 * @param submissionIds  id list to predict in the seed's format, or null
 * @param submissionFile file name of the submission inside the run directory
 * @param filledMatrix   write the full filled matrix as .npy
 * @param embeddings     write the embeddings as .npy with their ids
 */
public record OutputSettings(String dir, boolean model, boolean predictions, String submissionIds,
        String submissionFile, boolean filledMatrix, boolean embeddings) {

    /** The names of the files a run writes, which a submission must not replace. */
    private static final Set<String> RUN_FILES = Set.of(RunDirectory.CONFIG, RunDirectory.METRICS, RunDirectory.LOG,
            RunDirectory.MODEL, RunDirectory.PREDICTIONS, RunDirectory.FILLED_MATRIX, RunDirectory.FILLED_MATRIX_USERS,
            RunDirectory.FILLED_MATRIX_ITEMS, RunDirectory.EMBEDDINGS, RunDirectory.EMBEDDING_IDS, RunDirectory.SUMMARY,
            CheckpointFile.LATEST, CheckpointFile.PREVIOUS);

    public static OutputSettings fromConfig(ConfigBlock block) {
        String file = block.getString("submission.file");
        if (file.isBlank() || file.contains("/") || file.contains("\\") || file.equals("..") || file.equals(".")
                || file.indexOf('\0') >= 0) {
            throw new SettingsException(block.key("submission.file"),
                    "must be a plain file name inside the run directory, got '" + file + "'");
        }
        if (RUN_FILES.contains(file)) {
            throw new SettingsException(block.key("submission.file"),
                    "'" + file + "' is a file the run itself writes; choose another name");
        }
        return new OutputSettings(block.getString("dir"), block.getBoolean("model"), block.getBoolean("predictions"),
                block.getOptionalString("submission.ids"), file, block.getBoolean("filled-matrix"),
                block.getBoolean("embeddings"));
    }
}
