package clel.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import clel.TestModels;
import org.junit.jupiter.api.Test;

/** f's convolution count, as clel bench uses it for the SGLD step's share of the measured peak. */
class EnergyNetworkMacsTest {

    @Test
    void tinyLayoutByHand() {
        // tiny: stem 3 -> 32, stages 32, 32, 64, 64 (one block each) at 32, 16, 8, 4 pixels; 3x3 kernels, a 1x1
        // shortcut where the channels change
        long stem = 32L * 3 * 9 * 32 * 32;                    //    884,736
        long stage0 = 2 * 32L * 32 * 9 * 32 * 32;             // 18,874,368
        long stage1 = 2 * 32L * 32 * 9 * 16 * 16;             //  4,718,592
        long stage2 = (64L * 32 * 9 + 64L * 64 * 9 + 64L * 32) * 8 * 8; // 3,670,016
        long stage3 = 2 * 64L * 64 * 9 * 4 * 4;               //  1,179,648
        EnergyNetwork f = new EnergyNetwork(TestModels.tiny());
        assertEquals(29_327_360L, stem + stage0 + stage1 + stage2 + stage3);
        assertEquals(29_327_360L, f.convolutionMultiplyAccumulates(32));
    }
}
