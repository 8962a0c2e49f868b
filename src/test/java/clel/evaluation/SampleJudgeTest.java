package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.classifier.ClassifierConfig;
import clel.classifier.ClassifierProgress;
import clel.classifier.ClassifierTarget;
import clel.classifier.ClassifierTrainer;
import clel.classifier.TrainedClassifier;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The judging of conditional samples agrees with the classifier's own predictions, counted independently. */
class SampleJudgeTest {
    private static ClassifierConfig quick(ClassifierTarget target) {
        return ClassifierConfig.builder(target).width(4).batchSize(32).iterations(5).lr(0.1).seed(3).build();
    }

    @Test
    void classAccuracyAndAttributeRatesCountTheClassifiersPredictions() {
        ImageSet set = ShapesDataset.train(64, 1);
        try (NDManager m = NDManager.newBaseManager();
             TrainedClassifier classes = ClassifierTrainer.train(quick(ClassifierTarget.CLASSES), set, "shapes",
                     ClassifierProgress.NONE);
             TrainedClassifier attributes = ClassifierTrainer.train(quick(ClassifierTarget.ATTRIBUTES), set, "shapes",
                     ClassifierProgress.NONE)) {
            int perClass = 3;
            int k = classes.outputNames().size();
            NDArray samples = BatchSampler.toNDArray(m, set, IntStream.range(0, k * perClass).toArray());
            SampleJudge.ClassAccuracy judged = SampleJudge.classConditional(classes, samples,
                    IntStream.range(0, k).boxed().toList(), perClass);
            int[] predicted = classes.predict(samples);
            int right = 0;
            for (int i = 0; i < predicted.length; i++) {
                right += predicted[i] == i / perClass ? 1 : 0;
            }
            assertEquals(right / (double) predicted.length, judged.accuracy(), 1e-12);
            for (long[] row : judged.confusion()) {
                assertEquals(perClass, Arrays.stream(row).sum());
            }
            assertEquals(predicted.length, Arrays.stream(SampleJudge.predictedClassCounts(classes, samples)).sum());
            // a class subset: the blocks of samples are conditioned on classes 3 and 1, in that order
            NDArray two = samples.get("0:6");
            SampleJudge.ClassAccuracy subset = SampleJudge.classConditional(classes, two, List.of(3, 1), perClass);
            int[] p2 = classes.predict(two);
            int right2 = 0;
            for (int i = 0; i < p2.length; i++) {
                right2 += p2[i] == (i < perClass ? 3 : 1) ? 1 : 0;
            }
            assertEquals(right2 / 6.0, subset.accuracy(), 1e-12);
            assertEquals(perClass, Arrays.stream(subset.confusion()[3]).sum());
            assertEquals(perClass, Arrays.stream(subset.confusion()[1]).sum());
            assertEquals(0, Arrays.stream(subset.confusion()[0]).sum());

            List<String> names = attributes.outputNames().subList(0, 2);
            Map<String, Double> rates = SampleJudge.attributeRates(attributes, samples, names);
            boolean[][] p = attributes.predictAttributes(samples);
            for (String a : names) {
                int col = attributes.outputNames().indexOf(a);
                long yes = Arrays.stream(p).filter(r -> r[col]).count();
                assertEquals(yes / (double) p.length, rates.get(a), 1e-12, a);
            }
            // a composition succeeds on a sample only when the classifier finds every attribute in it
            int c0 = attributes.outputNames().indexOf(names.get(0));
            int c1 = attributes.outputNames().indexOf(names.get(1));
            long both = Arrays.stream(p).filter(r -> r[c0] && r[c1]).count();
            assertEquals(both / (double) p.length, SampleJudge.allAttributesRate(attributes, samples, names), 1e-12);
            // a negated attribute is as wanted when the classifier does not find it
            Map<String, Boolean> wanted = new LinkedHashMap<>();
            wanted.put(names.get(0), true);
            wanted.put(names.get(1), false);
            SampleJudge.WantedRates w = SampleJudge.wantedRates(attributes, samples, wanted);
            long firstNotSecond = Arrays.stream(p).filter(r -> r[c0] && !r[c1]).count();
            long second = Arrays.stream(p).filter(r -> r[c1]).count();
            assertEquals(firstNotSecond / (double) p.length, w.all(), 1e-12);
            assertEquals(second / (double) p.length, w.present().get(names.get(1)), 1e-12);
            assertEquals(1 - second / (double) p.length, w.asWanted().get(names.get(1)), 1e-12);
            assertEquals(rates.get(names.get(0)), w.asWanted().get(names.get(0)), 1e-12);
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> SampleJudge.attributeRates(attributes, samples, List.of("purple"))).getMessage()
                    .contains("does not predict attribute 'purple'"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> SampleJudge.allAttributesRate(attributes, samples, List.of("red", "purple"))).getMessage()
                    .contains("does not predict attribute 'purple'"));
        }
    }
}
