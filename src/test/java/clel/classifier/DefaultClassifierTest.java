package clel.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.ImageSet;
import clel.data.ShapesDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultClassifierTest {
    @Test
    void trainsOnceThenReusesTheCachedFile(@TempDir Path dir) throws Exception {
        ImageSet data = ShapesDataset.train(64, 1);
        ClassifierConfig quick = ClassifierConfig.builder(ClassifierTarget.CLASSES).iterations(2).batchSize(16).width(4)
                .build();
        List<String> log = new ArrayList<>();
        Path first = DefaultClassifier.resolve(data, "shapes|64", quick, dir, log::add);
        assertTrue(Files.isRegularFile(first));
        assertEquals(2, log.size(), "a line when training starts and one when it ends: " + log);
        long modified = Files.getLastModifiedTime(first).toMillis();
        Path second = DefaultClassifier.resolve(data, "shapes|64", quick, dir, log::add);
        assertEquals(first, second);
        assertEquals(2, log.size(), "no second training");
        assertEquals(modified, Files.getLastModifiedTime(second).toMillis());
        try (TrainedClassifier c = TrainedClassifier.load(second)) {
            assertEquals(data.classNames(), c.metadata().outputNames());
        }
        Path other = DefaultClassifier.resolve(data, "shapes|64|elsewhere", quick, dir, log::add);
        assertNotEquals(first, other, "another data description is another classifier");
    }
}
