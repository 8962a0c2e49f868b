package clel.spark;

import clel.augment.AugmentationKind;
import clel.data.ImagePixelLimit;
import clel.data.format.CropMode;
import clel.data.format.ImageShaper;
import clel.model.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * OOD scores (eq. 14) of a Parquet table of encoded images, read by the executors themselves (the data never
 * passes through the driver): column {@code image} holds the encoded bytes (PNG, JPEG, BMP, GIF), an optional
 * string column {@code id} names each row. Each image is decoded and shaped as an image folder is read
 * (shorter side resized to the model's size, centre crop), and each partition is scored in batches of
 * {@code batch} rows with the model its executor JVM loaded once.
 */
public final class ParquetImages {
    /** Prefix of a Parquet table in a data-set argument: {@code parquet=PATH}. */
    public static final String PREFIX = "parquet=";

    private ParquetImages() {
    }

    /** True for a {@code parquet=PATH} argument. */
    public static boolean isSpec(String spec) {
        return spec.trim().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /**
     * The scores of every row, with the rows' ids ({@code id} column, or the row's position in Spark's read order).
     *
     * @param ids    row identifiers, in the order of {@code scores}
     * @param scores s(x) per row
     */
    public record Scored(List<String> ids, float[] scores) {
    }

    private record RowScore(long index, String id, float score) implements Serializable {
    }

    /**
     * @param spec      {@code parquet=PATH} (a file or a folder of Parquet files every node can read)
     * @param imageSize side of the model's square input
     */
    public static Scored score(JavaSparkContext sc, DistributedOod.Job job, String spec, int imageSize) {
        String path = spec.trim().substring(PREFIX.length());
        SparkSession spark = SparkSession.builder().config(sc.getConf()).getOrCreate();
        Dataset<Row> table;
        try {
            table = spark.read().parquet(path);
        } catch (Exception e) { // Scala does not declare AnalysisException (missing path, not Parquet)
            if (e instanceof org.apache.spark.sql.AnalysisException a) {
                throw new IllegalArgumentException(spec + ": not a readable Parquet table (" + a.getSimpleMessage() + ")");
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        List<String> columns = Arrays.asList(table.columns());
        if (!columns.contains("image")) {
            throw new IllegalArgumentException(spec + ": the table has no 'image' column (encoded image bytes); columns: "
                    + String.join(", ", columns));
        }
        boolean hasId = columns.contains("id");
        Dataset<Row> rows = hasId ? table.select("image", "id") : table.select("image");
        List<RowScore> scored = rows.javaRDD().zipWithIndex().mapPartitions(it -> {
            TaskFaults.check();
            TrainedModel m = ExecutorResources.model(job.checkpoint(), job.ema(), job.device());
            ImageShaper shaper = new ImageShaper(3, imageSize, imageSize, CropMode.RESIZE_SHORTER_CENTER_CROP, 0,
                    ImagePixelLimit.DEFAULT_MAX_PIXELS);
            int per = shaper.imageBytes();
            List<RowScore> out = new ArrayList<>();
            List<Tuple2<Row, Long>> batch = new ArrayList<>();
            while (it.hasNext()) {
                batch.add(it.next());
                if (batch.size() == job.batch() || !it.hasNext()) {
                    byte[] pixels = new byte[batch.size() * per];
                    for (int i = 0; i < batch.size(); i++) {
                        Row r = batch.get(i)._1();
                        try {
                            BufferedImage img = shaper.decode((byte[]) r.get(0));
                            shaper.shape(img, i, pixels, i * per);
                        } catch (IOException e) {
                            throw new UncheckedIOException(new IOException(path + " row " + batch.get(i)._2()
                                    + (hasId ? " (id " + r.get(1) + ")" : "") + ": " + e.getMessage(), e));
                        }
                    }
                    ImageChunk chunk = new ImageChunk(0, 0, 0, batch.size(), new int[] {3, imageSize, imageSize}, pixels, null);
                    float[] s = m.oodScore(chunk.pixels(), job.beta(), AugmentationKind.NONE);
                    for (int i = 0; i < batch.size(); i++) {
                        Tuple2<Row, Long> t = batch.get(i);
                        out.add(new RowScore(t._2(), hasId ? String.valueOf(t._1().get(1)) : Long.toString(t._2()), s[i]));
                    }
                    batch.clear();
                }
            }
            return out.iterator();
        }).collect();
        List<String> ids = new ArrayList<>(scored.size());
        float[] scores = new float[scored.size()];
        for (RowScore r : scored) {
            scores[(int) r.index()] = r.score();
        }
        String[] idArray = new String[scored.size()];
        for (RowScore r : scored) {
            idArray[(int) r.index()] = r.id();
        }
        ids.addAll(Arrays.asList(idArray));
        return new Scored(ids, scores);
    }
}
