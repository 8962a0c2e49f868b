package clel.spark;

import ai.djl.Device;
import clel.TestModels;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.data.ShapesDataset;
import clel.training.Trainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** A checkpoint and a classifier file small enough for tests: one training step of the core's micro run, 3 classifier steps. */
final class TestArtifacts {
    private TestArtifacts() {
    }

    /** {@code dir/run/last.ckpt} after one training iteration of {@link TestModels#microRun}. */
    static Path checkpoint(Path dir) throws Exception {
        Path ckpt = dir.resolve("run").resolve("last.ckpt");
        try (Trainer t = Trainer.start(TestModels.microRun(dir.resolve("run")), ShapesDataset.train(32, 1), dir.resolve("run"),
                Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
        return ckpt;
    }

    /** {@code dir/shapes.classifier}: a width-8 shapes classifier after 3 iterations (its features are what matter). */
    static Path classifier(Path dir) throws Exception {
        Path file = dir.resolve("shapes.classifier");
        ClassifierConfig cc = ClassifierConfig.builder(ClassifierTarget.CLASSES).width(8).iterations(3).batchSize(16).build();
        try (TrainedClassifier c = ClassifierTrainer.train(cc, ShapesDataset.train(64, 3))) {
            c.save(file);
        }
        return file;
    }

    /** The images of {@code set} as a Parquet table in 3 files: string column id ("img-INDEX"), binary column image (PNG). */
    static void writeParquet(org.apache.spark.api.java.JavaSparkContext sc, clel.data.ImageSet set, Path table) throws Exception {
        List<org.apache.spark.sql.Row> rows = new ArrayList<>();
        for (int i = 0; i < set.count(); i++) {
            rows.add(org.apache.spark.sql.RowFactory.create("img-" + i, png(set, i)));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("id", org.apache.spark.sql.types.DataTypes.StringType)
                .add("image", org.apache.spark.sql.types.DataTypes.BinaryType);
        org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().config(sc.getConf()).getOrCreate();
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(table.toString());
    }

    /** Image i of the set as PNG bytes (lossless, so decoding gives back the same pixels). */
    private static byte[] png(clel.data.ImageSet set, int i) throws IOException {
        BufferedImage img = new BufferedImage(set.width(), set.height(),
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < set.height(); y++) {
            for (int x = 0; x < set.width(); x++) {
                img.setRGB(x, y, set.pixel(i, 0, y, x) << 16 | set.pixel(i, 1, y, x) << 8 | set.pixel(i, 2, y, x));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

}
