package clel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.TestModels;
import clel.nn.ConvolutionSelfCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The host self-check before training: it covers every distinct convolution of f and h, passes on this host with the
 * unit tests' narrow encoder (width 4, the shapes oneDNN's AVX-512 kernel got wrong), changes neither the networks
 * nor the engine's random stream, and explains a failure in one line with the host and the workaround.
 */
class NetworkSelfCheckTest {

    @Test
    void coversFAndHAndPassesAtEncoderWidthFour() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClelNetworks nets = TestModels.networks(TestModels.tiny(), m);
            List<ConvolutionSelfCheck.Outcome> outcomes = NetworkSelfCheck.run(nets, m);
            List<String> names = outcomes.stream().map(o -> o.convolution().describe()).toList();
            assertTrue(names.contains("f: 3x3 stride 1, 3 -> 32 channels, input 4x3x32x32"), names.toString());
            assertTrue(names.contains("h: 3x3 stride 1, 4 -> 4 channels, input 4x4x32x32"), names.toString());
            assertTrue(names.contains("h: 1x1 stride 2, 4 -> 8 channels, input 4x4x32x32"), names.toString());
            assertEquals(names.size(), names.stream().distinct().count());
            for (ConvolutionSelfCheck.Outcome o : outcomes) {
                assertTrue(o.ok(), o.describe());
            }
            NetworkSelfCheck.verify(nets, m);
        }
    }

    @Test
    void changesNeitherTheNetworksNorTheEnginesRandomNumbers() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClelNetworks nets = TestModels.networks(TestModels.tiny(), m);
            List<float[]> before = values(nets);
            Engine.getInstance().setRandomSeed(77);
            NetworkSelfCheck.verify(nets, m);
            float[] after = m.randomUniform(0f, 1f, new Shape(8)).toFloatArray();
            Engine.getInstance().setRandomSeed(77);
            float[] without = m.randomUniform(0f, 1f, new Shape(8)).toFloatArray();
            assertArrayEquals(without, after, 0f);
            List<float[]> now = values(nets);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), now.get(i), 0f, "parameter " + i);
            }
        }
    }

    @Test
    void aFailureIsOneLineNamingTheConvolutionTheHostAndTheWorkaround() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClelNetworks nets = TestModels.networks(TestModels.tiny(), m);
            var traced = NetworkSelfCheck.run(nets, m).get(0).convolution();
            var failed = new ConvolutionSelfCheck.Outcome(traced, 2, 1, 1.0);
            String message = NetworkSelfCheck.failure(failed);
            assertFalse(message.contains("\n"));
            assertTrue(message.startsWith("host self-check failed: f: 3x3 stride 1, 3 -> 32 channels, input 4x3x32x32: "
                    + "NaN or infinity in 2 of 3 runs, results differ between runs (1 of 2 repeats); host: "), message);
            assertTrue(message.contains("intra-op threads"), message);
            assertTrue(message.contains("ONEDNN_MAX_CPU_ISA=AVX2") && message.contains("CLEL_THREADS=1"), message);
        }
    }

    /** Every parameter and buffer (BatchNorm statistics, spectral norm's u and v) of f, g and h. */
    private static List<float[]> values(ClelNetworks nets) {
        List<float[]> all = new ArrayList<>();
        for (Block b : Stream.of(nets.ebm(), (Block) nets.encoder()).toList()) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                all.add(p.getValue().getArray().toFloatArray());
            }
        }
        return all;
    }
}
