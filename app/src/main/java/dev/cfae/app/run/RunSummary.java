package dev.cfae.app.run;

import dev.cfae.api.EpochMetrics;
import dev.cfae.app.CfaeModel;
import dev.cfae.app.RunProtocol;
import dev.cfae.engine.train.AugmentedTraining;

import java.util.List;
import java.util.Locale;

/** The headline figures of a run and the protocol behind them, as one small JSON document. */
final class RunSummary {
    private RunSummary() {
    }

    static String json(CfaeModel model) {
        RunProtocol p = model.protocol();
        List<EpochMetrics> history = model.history();
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        StringBuilder json = new StringBuilder("{\n");
        field(json, "variant", quote(model.variant()));
        field(json, "test_rmse", number(model.testRmse()));
        field(json, "epochs_run", Integer.toString(history.size()));
        field(json, "best_epoch", Integer.toString(model.bestEpoch()));
        field(json, "training_seconds", number(seconds));
        field(json, "backend", quote(model.backend() == null ? "" : model.backend().summary()));
        if (p != null) {
            field(json, "data_sha256", quote(p.dataFingerprint()));
            field(json, "split", quote(p.split()));
            field(json, "seed", Long.toString(p.seed()));
            field(json, "train_ratings", Integer.toString(p.trainRatings()));
            field(json, "validation_ratings", Integer.toString(p.validationRatings()));
            field(json, "test_ratings", Integer.toString(p.testRatings()));
            field(json, "clipped", Boolean.toString(p.clip()));
            field(json, "fallback_rating", number(p.fallback()));
        }
        AugmentedTraining.Outcome augmentation = model.augmentation();
        if (augmentation != null) {
            field(json, "augmentation_rows", Integer.toString(augmentation.rows()));
            field(json, "augmentation_epochs_run", Integer.toString(augmentation.epochsRun()));
            field(json, "augmentation_validation_rmse_before", number(augmentation.validationBefore()));
            field(json, "augmentation_validation_rmse_after", number(augmentation.validationAfter()));
            field(json, "augmentation_helped", Boolean.toString(augmentation.kept()));
        }
        json.setLength(json.length() - 2);
        return json.append("\n}\n").toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : "null";
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
